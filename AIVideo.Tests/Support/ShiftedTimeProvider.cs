namespace AIVideo.Tests.Support;

/// <summary>The real clock, moved by a fixed amount: signs things as if it were another time.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
