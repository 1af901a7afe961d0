using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AIVideo.Tests.Data;

/// <summary>What the database itself refuses, whatever the code above it does.</summary>
public sealed class ConstraintTests(TestServices services)
{
    [Fact]
    public async Task A_negative_credit_balance_is_refused()
    {
        await using var db = await CreateDbAsync();
        var user = await AddUserAsync(db, credits: 5m);

        var exception = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Credits, u => u.Credits - 10m), TestContext.Current.CancellationToken));

        Assert.Equal(PostgresErrorCodes.CheckViolation, exception.SqlState);
        Assert.Equal("ck_users_credits_non_negative", exception.ConstraintName);
        Assert.Equal(5m, await db.Users.Where(u => u.Id == user.Id).Select(u => u.Credits).SingleAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_user_cannot_be_created_with_negative_credits()
    {
        await using var db = await CreateDbAsync();

        var exception = await Assert.ThrowsAsync<DbUpdateException>(() => AddUserAsync(db, credits: -0.01m));

        Assert.Equal(PostgresErrorCodes.CheckViolation, Assert.IsType<PostgresException>(exception.InnerException).SqlState);
    }

    [Fact]
    public async Task A_refund_is_recorded_at_most_once_per_video_attempt()
    {
        await using var db = await CreateDbAsync();
        var user = await AddUserAsync(db, credits: 10m);
        db.CreditTransactions.Add(Refund(user.Id));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        db.CreditTransactions.Add(Refund(user.Id));
        var exception = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(exception.InnerException).SqlState);
    }

    [Fact]
    public async Task Statuses_and_reasons_are_stored_as_the_contract_words()
    {
        await using var db = await CreateDbAsync();
        var user = await AddUserAsync(db, credits: 10m);
        db.Videos.Add(new Video { UserId = user.Id, Prompt = "A cinematic product showcase", Model = "sora-2", Status = VideoStatus.Processing });
        db.CreditTransactions.Add(new CreditTransaction { UserId = user.Id, Amount = 10m, Reason = CreditReason.SignupGrant, BalanceAfter = 10m });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        var status = await db.Database.SqlQueryRaw<string>("SELECT status AS \"Value\" FROM videos").SingleAsync(TestContext.Current.CancellationToken);
        var reason = await db.Database.SqlQueryRaw<string>("SELECT reason AS \"Value\" FROM credit_transactions").SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal("processing", status);
        Assert.Equal("signup_grant", reason);

        var invalid = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlRawAsync("UPDATE videos SET status = 'cancelled'", TestContext.Current.CancellationToken));
        Assert.Equal(PostgresErrorCodes.CheckViolation, invalid.SqlState);
    }

    private async Task<AIVideoDbContext> CreateDbAsync() =>
        TestDatabases.CreateDbContext(await TestDatabases.CreateMigratedAsync(services.Postgres));

    private static async Task<User> AddUserAsync(AIVideoDbContext db, decimal credits)
    {
        var id = Guid.NewGuid().ToString("N");
        var user = new User { GoogleSub = id, Email = $"{id}@example.com", Credits = credits };
        db.Users.Add(user);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return user;
    }

    private static CreditTransaction Refund(long userId) => new()
    {
        UserId = userId,
        Amount = 10m,
        Reason = CreditReason.GenerationRefund,
        VideoId = 42,
        Attempt = 1,
        BalanceAfter = 10m,
    };
}
