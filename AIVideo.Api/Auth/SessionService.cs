using AIVideo.Core.Credits;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AIVideo.Api.Auth;

/// <summary>
/// Sign-in sessions: a Google sign-in starts one (creating the user with the signup grant the
/// first time), refreshes rotate its refresh token, and logout or a replayed refresh token ends it.
/// </summary>
public sealed class SessionService(
    AIVideoDbContext db,
    CreditLedger ledger,
    TokenService tokens,
    AccessTokenDenylist denylist,
    SessionRevocations revocations,
    IOptions<CreditsOptions> credits,
    TimeProvider time)
{
    /// <summary>Signs a Google account in. Null when the email already belongs to another Google account.</summary>
    public async Task<TokenPair?> SignInAsync(GoogleUser google, CancellationToken cancellationToken)
    {
        var email = google.Email.Trim().ToLowerInvariant();
        var name = google.Name is { Length: > 0 } n ? n[..Math.Min(n.Length, 100)] : null;
        var avatar = google.Picture is { Length: <= 500 } p && p.StartsWith("https://", StringComparison.Ordinal) ? p : null;
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

                // One statement creates or refreshes the user, race-free. Google's name and picture
                // only fill empty fields: what the user set with PATCH /users/profile wins.
                var user = (await db.Database.SqlQuery<SignedInUser>($"""
                    INSERT INTO users (google_sub, email, name, avatar_url, credits)
                    VALUES ({google.Sub}, {email}, {name}, {avatar}, 0)
                    ON CONFLICT (google_sub) DO UPDATE SET
                        email = EXCLUDED.email,
                        name = COALESCE(users.name, EXCLUDED.name),
                        avatar_url = COALESCE(users.avatar_url, EXCLUDED.avatar_url),
                        updated_at = now()
                    RETURNING id, (xmax = 0) AS created
                    """).ToListAsync(cancellationToken)).Single();

                if (user.Created && credits.Value.SignupGrant > 0)
                {
                    await ledger.GrantAsync(user.Id, credits.Value.SignupGrant, CreditReason.SignupGrant, cancellationToken: cancellationToken);
                }

                var pair = await StartTokensAsync(user.Id, Guid.NewGuid(), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return pair;
            });
        }
        catch (PostgresException exception) when (exception is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_users_email" })
        {
            return null;
        }
    }

    /// <summary>
    /// Trades a refresh token for a new pair, once. A token that was already traded ends its whole
    /// session: it has leaked, or is being replayed. Null on any failure.
    /// </summary>
    public async Task<TokenPair?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        if (await tokens.ValidateRefreshTokenAsync(refreshToken) is not { } claims)
        {
            return null;
        }

        var hash = TokenService.Hash(refreshToken);
        var strategy = db.Database.CreateExecutionStrategy();
        var revoked = false;
        var result = await strategy.ExecuteAsync(async () =>
        {
            revoked = false;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;

            // The conditional update is the lock: of two concurrent refreshes, one rotates the token
            // and the other finds it rotated.
            var rotated = await db.RefreshTokens
                .Where(t => t.Id == claims.TokenId && t.TokenHash == hash && t.RotatedAt == null && t.RevokedAt == null && t.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, now), cancellationToken);

            TokenPair? pair = null;
            if (rotated == 1)
            {
                pair = await StartTokensAsync(claims.UserId, claims.SessionId, cancellationToken);
            }
            else if (await db.RefreshTokens.AnyAsync(t => t.Id == claims.TokenId && t.TokenHash == hash && t.RotatedAt != null, cancellationToken))
            {
                await RevokeSessionAsync(claims.SessionId, now, cancellationToken);
                revoked = true;
            }

            await transaction.CommitAsync(cancellationToken);
            return pair;
        });
        if (revoked)
        {
            await revocations.PublishAsync(claims.UserId, claims.SessionId);
        }

        return result;
    }

    /// <summary>
    /// Ends the session: its refresh tokens stop working, and so does the presented access token;
    /// realtime connections of the session are closed on every replica.
    /// </summary>
    public async Task LogoutAsync(long userId, Guid sessionId, string accessTokenId, DateTime accessTokenExpiresAt, CancellationToken cancellationToken)
    {
        await RevokeSessionAsync(sessionId, time.GetUtcNow().UtcDateTime, cancellationToken);
        await denylist.DenyAsync(accessTokenId, accessTokenExpiresAt);
        await revocations.PublishAsync(userId, sessionId);
    }

    private Task<int> RevokeSessionAsync(Guid sessionId, DateTime now, CancellationToken cancellationToken) =>
        db.RefreshTokens
            .Where(t => t.SessionId == sessionId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);

    private async Task<TokenPair> StartTokensAsync(long userId, Guid sessionId, CancellationToken cancellationToken)
    {
        var access = tokens.CreateAccessToken(userId, sessionId);
        var refresh = tokens.CreateRefreshToken(userId, sessionId, Guid.NewGuid());
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = refresh.Id,
            UserId = userId,
            SessionId = sessionId,
            TokenHash = TokenService.Hash(refresh.Value),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            ExpiresAt = refresh.ExpiresAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new TokenPair(access.Value, refresh.Value, (int)tokens.AccessTokenLifetime.TotalSeconds);
    }

    private sealed record SignedInUser(long Id, bool Created);
}

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn);
