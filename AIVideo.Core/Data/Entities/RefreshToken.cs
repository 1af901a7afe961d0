namespace AIVideo.Core.Data.Entities;

public sealed class RefreshToken
{
    /// <summary>The token's <c>jti</c>.</summary>
    public Guid Id { get; set; }

    public long UserId { get; set; }

    /// <summary>Shared by every token descended from one sign-in, so reuse can revoke them all.</summary>
    public Guid SessionId { get; set; }

    /// <summary>SHA-256 of the token; the token itself is never stored.</summary>
    public required string TokenHash { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? RotatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
