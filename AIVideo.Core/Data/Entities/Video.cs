namespace AIVideo.Core.Data.Entities;

public sealed class Video
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public required string Prompt { get; set; }

    /// <summary>The public model id (<c>sora-2</c>, …), resolved to a provider through configuration.</summary>
    public required string Model { get; set; }

    public string? ReferenceImageUrl { get; set; }

    public VideoStatus Status { get; set; }

    /// <summary>Starts at 1; every retry is a new attempt, so stale queue messages can be told apart.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>The provider kind that runs the current attempt (<c>openai-videos</c>, …).</summary>
    public string? Provider { get; set; }

    public string? ProviderJobId { get; set; }

    /// <summary>
    /// Which step of the current attempt the Worker is at: only a queue message carrying this step
    /// may act, so a stale or duplicate copy of an earlier step's message changes nothing.
    /// </summary>
    public int JobStep { get; set; }

    /// <summary>The Worker handling <see cref="JobStep"/> right now, and until when its claim holds.</summary>
    public Guid? JobClaim { get; set; }

    public DateTime? JobClaimedUntil { get; set; }

    public int Progress { get; set; }

    public string? VideoBlob { get; set; }

    public string? PosterBlob { get; set; }

    public int? Duration { get; set; }

    public string? Resolution { get; set; }

    public string? ErrorMessage { get; set; }

    public string? IdempotencyKey { get; set; }

    /// <summary>Hash of the generate request that used <see cref="IdempotencyKey"/>, to detect a reused key.</summary>
    public string? IdempotencyRequestHash { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }
}
