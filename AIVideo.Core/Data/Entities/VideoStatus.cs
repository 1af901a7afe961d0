namespace AIVideo.Core.Data.Entities;

/// <summary>The contract's lifecycle: pending → processing → completed | failed.</summary>
public enum VideoStatus
{
    Pending,
    Processing,
    Completed,
    Failed,
}
