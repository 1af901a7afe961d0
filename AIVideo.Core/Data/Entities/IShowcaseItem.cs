namespace AIVideo.Core.Data.Entities;

/// <summary>What showcase videos and trial images share: a place in the display order and a switch to hide them.</summary>
public interface IShowcaseItem
{
    long Id { get; }

    int Order { get; set; }

    bool IsActive { get; set; }

    DateTime UpdatedAt { get; set; }
}
