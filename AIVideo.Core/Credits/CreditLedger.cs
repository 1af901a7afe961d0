using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Core.Credits;

/// <summary>
/// The only code that changes a user's credits. Every change is one SQL statement that updates
/// the balance and writes its ledger row together, so the balance always equals the sum of the
/// ledger, concurrent changes never lose an update (no read-modify-write), and the database's
/// <c>CHECK (credits &gt;= 0)</c> and unique (video, attempt, reason) index stay the last word.
/// Statements join the caller's transaction when there is one (a charge with its video insert).
/// </summary>
public sealed class CreditLedger(AIVideoDbContext db)
{
    /// <summary>Adds credits (signup, admin). Returns the new balance, or null when the user does not exist.</summary>
    public async Task<decimal?> GrantAsync(long userId, decimal amount, CreditReason reason, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var reasonName = SnakeCaseNames.Of(reason);
        var balances = await db.Database.SqlQuery<decimal>($"""
            WITH updated AS (
                UPDATE users SET credits = credits + {amount}, updated_at = now()
                WHERE id = {userId}
                RETURNING id, credits)
            INSERT INTO credit_transactions (user_id, amount, reason, balance_after, note)
            SELECT id, {amount}, {reasonName}, credits, {note} FROM updated
            RETURNING balance_after AS "Value"
            """).ToListAsync(cancellationToken);
        return balances is [var balance] ? balance : null;
    }

    /// <summary>
    /// Takes the cost of a video attempt if the balance covers it. Returns the new balance, or
    /// null when it does not (nothing changes then).
    /// </summary>
    public async Task<decimal?> TryChargeAsync(long userId, decimal cost, long videoId, int attempt, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cost);
        var reasonName = SnakeCaseNames.Of(CreditReason.GenerationCharge);
        var balances = await db.Database.SqlQuery<decimal>($"""
            WITH updated AS (
                UPDATE users SET credits = credits - {cost}, updated_at = now()
                WHERE id = {userId} AND credits >= {cost}
                RETURNING id, credits)
            INSERT INTO credit_transactions (user_id, amount, reason, video_id, attempt, balance_after)
            SELECT id, {-cost}, {reasonName}, {videoId}, {attempt}, credits FROM updated
            RETURNING balance_after AS "Value"
            """).ToListAsync(cancellationToken);
        return balances is [var balance] ? balance : null;
    }

    /// <summary>
    /// Gives back what a failed or cancelled attempt was charged, at most once per (video, attempt)
    /// however often and however concurrently it is called. Returns whether this call refunded
    /// (false when already refunded, or when the attempt was never charged).
    /// </summary>
    public async Task<bool> RefundAsync(long userId, long videoId, int attempt, CancellationToken cancellationToken = default)
    {
        var chargeName = SnakeCaseNames.Of(CreditReason.GenerationCharge);
        var refundName = SnakeCaseNames.Of(CreditReason.GenerationRefund);
        // The amount is the charge's own, whatever the price is today. The row lock makes
        // balance_after exact; the unique index makes a second refund insert nothing, and then
        // nothing is added to the balance either.
        var balances = await db.Database.SqlQuery<decimal>($"""
            WITH locked AS (
                SELECT id, credits FROM users WHERE id = {userId} FOR UPDATE),
            charge AS (
                SELECT -amount AS amount FROM credit_transactions
                WHERE user_id = {userId} AND video_id = {videoId} AND attempt = {attempt} AND reason = {chargeName}),
            refund AS (
                INSERT INTO credit_transactions (user_id, amount, reason, video_id, attempt, balance_after)
                SELECT locked.id, charge.amount, {refundName}, {videoId}, {attempt}, locked.credits + charge.amount FROM locked, charge
                ON CONFLICT (video_id, attempt, reason) DO NOTHING
                RETURNING user_id, balance_after)
            UPDATE users SET credits = refund.balance_after, updated_at = now()
            FROM refund WHERE users.id = refund.user_id
            RETURNING users.credits AS "Value"
            """).ToListAsync(cancellationToken);
        return balances.Count == 1;
    }

    /// <summary>The current balance, or null when the user does not exist.</summary>
    public Task<decimal?> GetBalanceAsync(long userId, CancellationToken cancellationToken = default) =>
        db.Users.Where(u => u.Id == userId).Select(u => (decimal?)u.Credits).SingleOrDefaultAsync(cancellationToken);
}
