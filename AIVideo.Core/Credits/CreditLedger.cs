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

    /// <summary>
    /// Grants what a Stripe payment bought (<see cref="CreditReason.Purchase"/> for a checkout
    /// session, <see cref="CreditReason.Subscription"/> for an invoice), at most once per Stripe
    /// object however often and however concurrently it is called. Returns the new balance, or
    /// null when nothing was granted (already granted, or no such user).
    /// </summary>
    public async Task<decimal?> GrantPaymentAsync(long userId, decimal amount, CreditReason reason, string stripeObjectId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        if (reason is not (CreditReason.Purchase or CreditReason.Subscription))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "Only purchases and subscriptions are paid grants.");
        }

        var reasonName = SnakeCaseNames.Of(reason);
        // As RefundAsync: the row lock makes balance_after exact, and the unique (stripe object,
        // reason) index turns a second grant into no row, and so into no change of the balance.
        var balances = await db.Database.SqlQuery<decimal>($"""
            WITH locked AS (
                SELECT id, credits FROM users WHERE id = {userId} FOR UPDATE),
            granted AS (
                INSERT INTO credit_transactions (user_id, amount, reason, stripe_object_id, balance_after)
                SELECT id, {amount}, {reasonName}, {stripeObjectId}, credits + {amount} FROM locked
                ON CONFLICT (stripe_object_id, reason) DO NOTHING
                RETURNING user_id, balance_after)
            UPDATE users SET credits = granted.balance_after, updated_at = now()
            FROM granted WHERE users.id = granted.user_id
            RETURNING users.credits AS "Value"
            """).ToListAsync(cancellationToken);
        return balances is [var balance] ? balance : null;
    }

    /// <summary>
    /// Takes back the credits a refunded purchase granted, down to zero (what was already spent on
    /// videos stays spent), at most once per purchase. The row names the purchase's session and, in
    /// its note, the refunded charge. Returns the new balance, or null when nothing was taken back
    /// (never granted, or already taken back).
    /// </summary>
    public async Task<decimal?> TakeBackPurchaseAsync(long userId, string purchaseObjectId, string chargeId, CancellationToken cancellationToken = default)
    {
        var purchaseName = SnakeCaseNames.Of(CreditReason.Purchase);
        var refundName = SnakeCaseNames.Of(CreditReason.PurchaseRefund);
        var note = $"charge {chargeId}";
        var balances = await db.Database.SqlQuery<decimal>($"""
            WITH locked AS (
                SELECT id, credits FROM users WHERE id = {userId} FOR UPDATE),
            purchase AS (
                SELECT amount FROM credit_transactions
                WHERE user_id = {userId} AND stripe_object_id = {purchaseObjectId} AND reason = {purchaseName}),
            taken AS (
                INSERT INTO credit_transactions (user_id, amount, reason, stripe_object_id, balance_after, note)
                SELECT locked.id, -LEAST(locked.credits, purchase.amount), {refundName}, {purchaseObjectId},
                       locked.credits - LEAST(locked.credits, purchase.amount), {note}
                FROM locked, purchase
                ON CONFLICT (stripe_object_id, reason) DO NOTHING
                RETURNING user_id, balance_after)
            UPDATE users SET credits = taken.balance_after, updated_at = now()
            FROM taken WHERE users.id = taken.user_id
            RETURNING users.credits AS "Value"
            """).ToListAsync(cancellationToken);
        return balances is [var balance] ? balance : null;
    }

    /// <summary>The current balance, or null when the user does not exist.</summary>
    public Task<decimal?> GetBalanceAsync(long userId, CancellationToken cancellationToken = default) =>
        db.Users.Where(u => u.Id == userId).Select(u => (decimal?)u.Credits).SingleOrDefaultAsync(cancellationToken);
}
