using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Tests.Worker;

/// <summary>A job past its deadline fails, is refunded, and its provider job is cancelled.</summary>
public sealed class PipelineDeadlineTests(TestServices services, EmulatorServer emulator) : PipelineTestBase(services, emulator)
{
    // Long enough for the provider to accept the slow job first, so the deadline meets it while it is polled.
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["VideoJobs:Deadline"] = "00:00:03" };

    [Fact]
    public async Task A_job_past_its_deadline_fails_and_is_refunded()
    {
        var user = await Client.SignInAsDevAsync("late@example.com");

        var prompt = $"A cinematic product showcase [emulator:slow] {Guid.NewGuid():N}";

        // sora-1's provider (Azure's jobs API) cancels a running job; OpenAI's can only delete finished ones.
        var id = await GenerateAsync(user, new { model = "sora-1", prompt });
        var video = await WaitUntilFinishedAsync(user, id);

        Assert.Equal("failed", (string?)video["status"]);
        Assert.Equal("The video took too long to generate.", (string?)video["error_message"]);
        Assert.Equal("100.0", (await (await Client.GetAsync("/api/v1/users/credits", user.AccessToken)).ReadJsonAsync())["credits"]!.ToJsonString());
        await Eventually.UntilAsync(
            () => Task.FromResult(Emulator!.JobPhasesWith(prompt) is ["Cancelled"]),
            TimeSpan.FromSeconds(10),
            "The provider job of the late video was not cancelled.");
    }
}

/// <summary>
/// A provider that cannot be reached never accepts the job: the deadline still counts from the
/// attempt's start, so the video fails at it, refunded once, instead of waiting for ever.
/// </summary>
public sealed class PipelineUnreachableProviderTests(TestServices services, EmulatorServer emulator) : PipelineTestBase(services, emulator)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(4);

    // Nothing listens on a port just handed out and released: every create is refused at connect.
    private static readonly string s_closedEndpoint = $"http://127.0.0.1:{FreeTcpPort.Next()}/openai/v1/";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["VideoJobs:Deadline"] = s_deadline.ToString(),
        ["VideoModels:sora-2:Endpoint"] = s_closedEndpoint,
    };

    [Fact]
    public async Task A_job_whose_provider_cannot_be_reached_fails_at_its_deadline_and_is_refunded_once()
    {
        var user = await Client.SignInAsDevAsync("unreachable@example.com");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var id = await GenerateAsync(user, new { model = "sora-2", prompt = "A cinematic product showcase" });
        var video = await WaitUntilFinishedAsync(user, id);

        Assert.Equal("failed", (string?)video["status"]);
        Assert.Equal("The video took too long to generate.", (string?)video["error_message"]);
        Assert.InRange(clock.Elapsed, s_deadline, s_deadline + TimeSpan.FromSeconds(20));
        Assert.Equal("100.0", (await (await Client.GetAsync("/api/v1/users/credits", user.AccessToken)).ReadJsonAsync())["credits"]!.ToJsonString());

        // Messages still in flight for the attempt change nothing more.
        await WaitUntilQueueIsEmptyAsync(Queue(JobsQueueName));
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        var ledger = await db.CreditTransactions.Where(t => t.VideoId == id).OrderBy(t => t.Id).Select(t => t.Reason).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([CreditReason.GenerationCharge, CreditReason.GenerationRefund], ledger);
    }
}

/// <summary>Past the dequeue limit a message moves to the poison queue and its video fails, refunded.</summary>
public sealed class PipelinePoisonTests(TestServices services, EmulatorServer emulator) : PipelineTestBase(services, emulator)
{
    // Zero attempts allowed: every message is treated as one that kept failing.
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["VideoJobs:MaxDequeueCount"] = "0" };

    [Fact]
    public async Task A_message_past_the_dequeue_limit_is_poisoned_and_its_video_refunded()
    {
        var user = await Client.SignInAsDevAsync("poison@example.com");

        var id = await GenerateAsync(user, new { prompt = "A cinematic product showcase" });
        var video = await WaitUntilFinishedAsync(user, id);

        Assert.Equal("failed", (string?)video["status"]);
        Assert.Equal("The video could not be generated because of an internal error.", (string?)video["error_message"]);
        Assert.Equal("100.0", (await (await Client.GetAsync("/api/v1/users/credits", user.AccessToken)).ReadJsonAsync())["credits"]!.ToJsonString());

        // The Worker fails the video first and then moves the message: the failure can be seen a moment before the move.
        var poisoned = await Eventually.GetAsync(
            async () => (await Queue(PoisonQueueName).ReceiveMessagesAsync(1, cancellationToken: TestContext.Current.CancellationToken)).Value.SingleOrDefault(),
            TimeSpan.FromSeconds(10),
            "The message never reached the poison queue.");
        var message = System.Text.Json.Nodes.JsonNode.Parse(poisoned.Body.ToString())!;
        Assert.Equal(id, (long)message["video_id"]!);
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        Assert.Equal(1, await db.CreditTransactions.CountAsync(t => t.VideoId == id && t.Reason == CreditReason.GenerationRefund, TestContext.Current.CancellationToken));
    }
}

/// <summary>A Worker stopped mid-job: the next one picks the job up from the queue and finishes it once.</summary>
public sealed class PipelineRestartTests(TestServices services, EmulatorServer emulator) : PipelineTestBase(services, emulator)
{
    // A message the stopped Worker had taken comes back when its visibility timeout ends: keep it short.
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["VideoJobs:VisibilityTimeout"] = "00:00:05" };

    [Fact]
    public async Task A_job_survives_a_worker_restart_and_completes_once()
    {
        var user = await Client.SignInAsDevAsync("restart@example.com");
        var id = await GenerateAsync(user, new { prompt = "A cinematic product showcase" });
        await WaitUntilSubmittedAsync(id);

        await RestartWorkerAsync();
        var video = await WaitUntilFinishedAsync(user, id);

        Assert.Equal("completed", (string?)video["status"]);
        await using var check = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        var ledger = await check.CreditTransactions.Where(t => t.VideoId == id).Select(t => t.Reason).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([CreditReason.GenerationCharge], ledger);
    }
}

/// <summary>
/// A step longer than the visibility timeout (a create that takes 4 s against a 2 s timeout) keeps
/// its message and its claim: the second Worker never gets the message half-way, so the job is
/// submitted once and completes, instead of being failed as a submit nobody confirmed.
/// </summary>
public sealed class PipelineLongStepTests(TestServices services, EmulatorServer emulator) : PipelineTestBase(services, emulator)
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["VideoJobs:VisibilityTimeout"] = "00:00:02" };

    [Fact]
    public async Task A_step_longer_than_the_visibility_timeout_renews_its_message_and_its_claim()
    {
        StartWorkers(1);
        var user = await Client.SignInAsDevAsync("long-step@example.com");
        var prompt = $"A cinematic product showcase [emulator:slow-create] {Guid.NewGuid():N}";

        var id = await GenerateAsync(user, new { prompt });
        var video = await WaitUntilFinishedAsync(user, id);

        Assert.Equal("completed", (string?)video["status"]);
        Assert.Equal(1, Emulator!.JobsCreatedWith(prompt));
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        var ledger = await db.CreditTransactions.Where(t => t.VideoId == id).Select(t => t.Reason).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([CreditReason.GenerationCharge], ledger);
    }
}
