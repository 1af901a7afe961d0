namespace AIVideo.Api.Migrate.Seeding;

/// <summary>Section <c>Seed</c>.</summary>
internal sealed class SeedOptions
{
    public const string SectionName = "Seed";

    /// <summary>
    /// Where the seeded showcase media live. The Api's <c>appsettings.Development.json</c> says
    /// <see cref="SeedMediaSource.Local"/>, so a local run needs no network.
    /// </summary>
    public SeedMediaSource Media { get; set; } = SeedMediaSource.Remote;
}

internal enum SeedMediaSource
{
    /// <summary>Absolute URLs of public sample clips.</summary>
    Remote,

    /// <summary>The files bundled in <c>Data/Seeding/Media</c>, uploaded to the <c>showcase</c> container.</summary>
    Local,
}
