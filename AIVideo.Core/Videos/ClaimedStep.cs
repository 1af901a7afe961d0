namespace AIVideo.Core.Videos;

/// <summary>A step a Worker holds: the key every change of that step is conditional on.</summary>
public sealed record ClaimedStep(long VideoId, int Attempt, int Step, Guid Claim);
