using System.ComponentModel.DataAnnotations;

namespace AIVideo.Api.Auth;

/// <summary>Section <c>Credits</c>.</summary>
public sealed class CreditsOptions
{
    public const string SectionName = "Credits";

    /// <summary>What a new user starts with, written to the ledger as <c>signup_grant</c>.</summary>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal SignupGrant { get; set; } = 100.0m;
}
