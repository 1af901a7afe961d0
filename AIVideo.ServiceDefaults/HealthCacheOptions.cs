using System.ComponentModel.DataAnnotations;

namespace Microsoft.Extensions.Hosting;

/// <summary>Section <c>Health</c>: how <c>/health</c> spares the dependencies a flood of probes.</summary>
public sealed class HealthCacheOptions
{
    public const string SectionName = "Health";

    /// <summary>How long <c>/health</c> answers from its last report; zero checks on every call.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(2);
}
