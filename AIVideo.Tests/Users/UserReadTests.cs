using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AIVideo.Api.Users;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Realtime;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AIVideo.Tests.Users;

/// <summary>
/// A replica keeps what a user reads (profile and balance, pages of videos) and serves it without
/// the database, until PostgreSQL reports a change to that user: on every replica, whoever made it.
/// </summary>
public sealed class UserReadTests(TestServices services, EmulatorServer emulator) : RealtimeTestBase(services, emulator)
{
    private static readonly TimeSpan s_reportWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_read_is_served_from_the_replica_until_a_change_is_reported()
    {
        var (token, userId) = await SignInAsync("keep");
        await ListeningAsync(ApiA);
        Assert.Equal(100m, await CreditsAsync(ClientA, token));

        // Triggers off (as a hand-made bulk load): the change is not reported, the copy stays.
        await ExecuteAsync($"SET LOCAL session_replication_role = replica; UPDATE users SET credits = 57 WHERE id = {userId}");
        Assert.Equal(100m, await CreditsAsync(ClientA, token));

        // A reported change, as the Worker's refund or a payment writes it.
        await ExecuteAsync($"UPDATE users SET credits = 61 WHERE id = {userId}");
        await Eventually.UntilAsync(async () => await CreditsAsync(ClientA, token) == 61m, s_reportWait, "Replica A kept the old balance");
        Assert.Equal(61m, await CreditsAsync(ClientB, token));
    }

    [Fact]
    public async Task A_change_to_a_video_reaches_every_replica_that_keeps_the_page()
    {
        var (token, userId) = await SignInAsync("pages");
        await ListeningAsync(ApiA);
        await ListeningAsync(ApiB);
        Assert.Empty(await StatusesAsync(ClientA, token));
        Assert.Empty(await StatusesAsync(ClientB, token));

        await ExecuteAsync($"""
            INSERT INTO videos (user_id, prompt, model, status, attempt, progress)
            VALUES ({userId}, 'A lighthouse at dusk', 'sora-2', 'processing', 1, 40)
            """);
        await Eventually.UntilAsync(async () => (await StatusesAsync(ClientA, token)) is ["processing"], s_reportWait, "Replica A missed the new video");
        await Eventually.UntilAsync(async () => (await StatusesAsync(ClientB, token)) is ["processing"], s_reportWait, "Replica B missed the new video");

        await ExecuteAsync($"UPDATE videos SET status = 'completed', progress = 100 WHERE user_id = {userId}");
        await Eventually.UntilAsync(async () => (await StatusesAsync(ClientA, token)) is ["completed"], s_reportWait, "Replica A missed the finished video");
        await Eventually.UntilAsync(async () => (await StatusesAsync(ClientB, token)) is ["completed"], s_reportWait, "Replica B missed the finished video");
    }

    [Fact]
    public async Task The_caller_reads_their_own_write_at_once()
    {
        var (token, _) = await SignInAsync("own");
        await ListeningAsync(ApiA);
        Assert.Equal(100m, await CreditsAsync(ClientA, token));
        Assert.Empty(await StatusesAsync(ClientA, token));

        var generated = await ClientA.SendAsync(HttpMethod.Post, "/api/v1/videos/generate", token, new { prompt = "A paper boat in the rain" });
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);

        Assert.Equal(90m, await CreditsAsync(ClientA, token));
        Assert.Single(await StatusesAsync(ClientA, token));

        var renamed = await ClientA.SendAsync(HttpMethod.Patch, "/api/v1/users/profile", token, new { name = "Renamed" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        using var me = JsonDocument.Parse(await (await ClientA.GetAsync("/api/v1/auth/me", token)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Renamed", me.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Copies_kept_before_the_report_stream_was_lost_are_not_believed()
    {
        var (token, userId) = await SignInAsync("lost");
        var reads = await ListeningAsync(ApiA);
        Assert.Equal(100m, await CreditsAsync(ClientA, token));
        var epoch = reads.Changes.Epoch;

        await ExecuteAsync(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'aivideo-api-user-changes' AND datname = current_database()");
        await Eventually.UntilAsync(() => Task.FromResult(reads.Changes.Epoch != epoch), s_reportWait, "Replica A never noticed its listener was cut");

        // Changed unreported while the stream was down: the copy from before must not come back.
        await ExecuteAsync($"SET LOCAL session_replication_role = replica; UPDATE users SET credits = 33 WHERE id = {userId}");
        Assert.Equal(33m, await CreditsAsync(ClientA, token));
        await ListeningAsync(ApiA);
        Assert.Equal(33m, await CreditsAsync(ClientA, token));
    }

    private async Task<(string Token, long UserId)> SignInAsync(string name)
    {
        var signedIn = await ClientA.SignInAsDevAsync($"{Guid.NewGuid():N}-{name}@example.com");
        using var me = JsonDocument.Parse(await (await ClientA.GetAsync("/api/v1/users/profile", signedIn.AccessToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (signedIn.AccessToken, me.RootElement.GetProperty("id").GetInt64());
    }

    /// <summary>The replica's copies, once it listens to PostgreSQL's change reports.</summary>
    private static async Task<UserReads> ListeningAsync(ApiFactory api)
    {
        var reads = api.Services.GetRequiredService<UserReads>();
        await Eventually.UntilAsync(() => Task.FromResult(reads.Changes.IsLive), s_reportWait, "The replica never listened to PostgreSQL");
        return reads;
    }

    private static async Task<decimal> CreditsAsync(HttpClient client, string token)
    {
        var response = await client.GetAsync("/api/v1/auth/me", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("credits").GetDecimal();
    }

    private static async Task<string[]> StatusesAsync(HttpClient client, string token)
    {
        var response = await client.GetAsync("/api/v1/videos?page=1&page_size=20", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return [.. page.GetProperty("videos").EnumerateArray().Select(v => v.GetProperty("status").GetString()!)];
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = TestDatabases.CreateDbContext(ApiA.DatabaseConnectionString);
        await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
#pragma warning disable EF1002 // The tests' own literals, no input.
        await db.Database.ExecuteSqlRawAsync(sql, TestContext.Current.CancellationToken);
#pragma warning restore EF1002
        await transaction.CommitAsync(TestContext.Current.CancellationToken);
    }
}
