namespace AIVideo.Core.Data.Entities;

public sealed class User
{
    public long Id { get; set; }

    /// <summary>Google's stable subject identifier; the email can change, this cannot.</summary>
    public required string GoogleSub { get; set; }

    public required string Email { get; set; }

    public string? Name { get; set; }

    public string? AvatarUrl { get; set; }

    /// <summary>
    /// Current balance. Only <c>CreditLedger</c> changes it, always together with a
    /// <see cref="CreditTransaction"/> row, so that it equals the sum of the ledger.
    /// </summary>
    public decimal Credits { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
