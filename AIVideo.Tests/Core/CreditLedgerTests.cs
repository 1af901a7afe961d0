using AIVideo.Core.Credits;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Tests.Core;

public sealed class CreditLedgerTests(TestServices services) : IAsyncLifetime
{
    private string _database = null!;

    public async ValueTask InitializeAsync() => _database = await TestDatabases.CreateMigratedAsync(services.Postgres);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Concurrent_charges_never_overdraw_and_the_balance_equals_the_ledger()
    {
        var userId = await CreateUserAsync(grant: 100m);

        // Twenty attempts of 10.0 against 100.0, all at once, each on its own connection.
        var results = await Task.WhenAll(Enumerable.Range(1, 20).Select(videoId => WithLedgerAsync(ledger =>
            ledger.TryChargeAsync(userId, 10m, videoId, attempt: 1, TestContext.Current.CancellationToken))));

        Assert.Equal(10, results.Count(r => r is not null));
        Assert.Equal(0m, await BalanceAsync(userId));
        await AssertBalanceEqualsLedgerAsync();
    }

    [Fact]
    public async Task A_charge_the_balance_does_not_cover_changes_nothing()
    {
        var userId = await CreateUserAsync(grant: 5m);

        var result = await WithLedgerAsync(ledger => ledger.TryChargeAsync(userId, 10m, videoId: 1, attempt: 1, TestContext.Current.CancellationToken));

        Assert.Null(result);
        Assert.Equal(5m, await BalanceAsync(userId));
        await AssertBalanceEqualsLedgerAsync();
    }

    [Fact]
    public async Task A_refund_happens_exactly_once_however_often_and_concurrently_it_is_asked()
    {
        var userId = await CreateUserAsync(grant: 100m);
        await WithLedgerAsync(ledger => ledger.TryChargeAsync(userId, 10m, videoId: 7, attempt: 1, TestContext.Current.CancellationToken));

        var refunds = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => WithLedgerAsync(ledger =>
            ledger.RefundAsync(userId, videoId: 7, attempt: 1, TestContext.Current.CancellationToken))));

        Assert.Equal(1, refunds.Count(refunded => refunded));
        Assert.Equal(100m, await BalanceAsync(userId));
        await AssertBalanceEqualsLedgerAsync();
    }

    [Fact]
    public async Task A_new_attempt_of_the_same_video_is_charged_and_refunded_on_its_own()
    {
        var userId = await CreateUserAsync(grant: 30m);

        await WithLedgerAsync(ledger => ledger.TryChargeAsync(userId, 10m, videoId: 3, attempt: 1, TestContext.Current.CancellationToken));
        Assert.True(await WithLedgerAsync(ledger => ledger.RefundAsync(userId, videoId: 3, attempt: 1, TestContext.Current.CancellationToken)));
        await WithLedgerAsync(ledger => ledger.TryChargeAsync(userId, 10m, videoId: 3, attempt: 2, TestContext.Current.CancellationToken));
        Assert.True(await WithLedgerAsync(ledger => ledger.RefundAsync(userId, videoId: 3, attempt: 2, TestContext.Current.CancellationToken)));

        Assert.Equal(30m, await BalanceAsync(userId));
        await AssertBalanceEqualsLedgerAsync();
    }

    [Fact]
    public async Task A_payment_grants_once_per_stripe_object_however_concurrently_it_is_asked()
    {
        var userId = await CreateUserAsync(grant: 0.5m);

        var grants = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => WithLedgerAsync(ledger =>
            ledger.GrantPaymentAsync(userId, 100m, CreditReason.Purchase, "cs_test_once", TestContext.Current.CancellationToken))));
        await WithLedgerAsync(ledger => ledger.GrantPaymentAsync(userId, 250m, CreditReason.Subscription, "in_test_1", TestContext.Current.CancellationToken));

        Assert.Equal(1, grants.Count(balance => balance is not null));
        Assert.Equal(350.5m, await BalanceAsync(userId));
        await AssertBalanceEqualsLedgerAsync();
    }

    [Fact]
    public async Task Taking_a_purchase_back_stops_at_zero_and_happens_once()
    {
        var userId = await CreateUserAsync(grant: 1m);
        await WithLedgerAsync(ledger => ledger.GrantPaymentAsync(userId, 100m, CreditReason.Purchase, "cs_test_refunded", TestContext.Current.CancellationToken));
        await WithLedgerAsync(ledger => ledger.TryChargeAsync(userId, 60m, videoId: 9, attempt: 1, TestContext.Current.CancellationToken));

        var takeBacks = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => WithLedgerAsync(ledger =>
            ledger.TakeBackPurchaseAsync(userId, "cs_test_refunded", "ch_test_1", TestContext.Current.CancellationToken))));

        Assert.Equal(1, takeBacks.Count(balance => balance is not null));
        Assert.Equal(0m, await BalanceAsync(userId));
        Assert.Null(await WithLedgerAsync(ledger => ledger.TakeBackPurchaseAsync(userId, "cs_test_never_paid", "ch_test_2", TestContext.Current.CancellationToken)));
        await AssertBalanceEqualsLedgerAsync();
    }

    [Fact]
    public async Task Every_balance_after_matches_the_running_sum()
    {
        var userId = await CreateUserAsync(grant: 50m);
        await WithLedgerAsync(ledger => ledger.TryChargeAsync(userId, 10m, videoId: 1, attempt: 1, TestContext.Current.CancellationToken));
        await WithLedgerAsync(ledger => ledger.GrantAsync(userId, 2.5m, CreditReason.AdminGrant, "goodwill", TestContext.Current.CancellationToken));
        await WithLedgerAsync(ledger => ledger.RefundAsync(userId, videoId: 1, attempt: 1, TestContext.Current.CancellationToken));

        await using var db = TestDatabases.CreateDbContext(_database);
        var rows = await db.CreditTransactions.Where(t => t.UserId == userId).OrderBy(t => t.Id).ToListAsync(TestContext.Current.CancellationToken);
        var running = 0m;
        Assert.All(rows, row =>
        {
            running += row.Amount;
            Assert.Equal(running, row.BalanceAfter);
        });
        Assert.Equal(52.5m, running);
    }

    [Fact]
    public async Task An_attempt_that_was_never_charged_is_not_refunded()
    {
        var userId = await CreateUserAsync(grant: 10m);

        var refunded = await WithLedgerAsync(ledger => ledger.RefundAsync(userId, videoId: 99, attempt: 1, TestContext.Current.CancellationToken));

        Assert.False(refunded);
        Assert.Equal(10m, await BalanceAsync(userId));
    }

    [Fact]
    public async Task Granting_to_a_missing_user_returns_null()
    {
        var balance = await WithLedgerAsync(ledger => ledger.GrantAsync(424242, 5m, CreditReason.AdminGrant, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Null(balance);
    }

    private async Task<long> CreateUserAsync(decimal grant)
    {
        await using var db = TestDatabases.CreateDbContext(_database);
        var id = Guid.NewGuid().ToString("N");
        var user = new User { GoogleSub = id, Email = $"{id}@example.com" };
        db.Users.Add(user);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        await new CreditLedger(db).GrantAsync(user.Id, grant, CreditReason.SignupGrant, cancellationToken: TestContext.Current.CancellationToken);
        return user.Id;
    }

    private async Task<T> WithLedgerAsync<T>(Func<CreditLedger, Task<T>> action)
    {
        await using var db = TestDatabases.CreateDbContext(_database);
        return await action(new CreditLedger(db));
    }

    private async Task<decimal> BalanceAsync(long userId)
    {
        await using var db = TestDatabases.CreateDbContext(_database);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.Credits).SingleAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The ledger invariant, for every user of the database.</summary>
    private async Task AssertBalanceEqualsLedgerAsync()
    {
        await using var db = TestDatabases.CreateDbContext(_database);
        var mismatches = await db.Users
            .Where(u => u.Credits != db.CreditTransactions.Where(t => t.UserId == u.Id).Sum(t => t.Amount))
            .CountAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, mismatches);
    }
}
