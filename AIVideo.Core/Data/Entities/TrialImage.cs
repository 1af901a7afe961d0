namespace AIVideo.Core.Data.Entities;

public sealed class TrialImage : IShowcaseItem
{
    public long Id { get; set; }

    public required string Title { get; set; }

    /// <summary>An absolute URL, or the name of a blob in the <c>showcase</c> container.</summary>
    public required string ImageUrl { get; set; }

    public required string Category { get; set; }

    public int Order { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
