using System.Net;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static AIVideo.Tests.RateLimiting.RateLimitTestSupport;

namespace AIVideo.Tests.Auth;

/// <summary>
/// The web frontend sends its Google sign-in several times in a row. Repeats of the same request
/// within 60 s get the first exchange's answer and cost no auth rate-limit permit; a different
/// code is a new exchange, counted as before.
/// </summary>
public sealed class SignInRepeatTests(TestServices services, EmulatorServer emulator) : ApiTestBase(services, emulator)
{
    protected override IReadOnlyDictionary<string, string?>? Settings => Limits(("Auth", 3, "00:01:00"));

    [Fact]
    public async Task Nine_repeats_of_one_sign_in_get_its_tokens_and_leave_the_limit_to_other_people()
    {
        // As observed in a browser: the same code, several requests at once and a few after.
        var burst = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Client.SignInAsync("dev:dora@example.com")));
        var later = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            later.Add(await Client.SignInAsync("dev:dora@example.com"));
        }

        var bodies = await Task.WhenAll(burst.Concat(later).Select(async response =>
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }));
        Assert.Single(bodies.Distinct());
        await using (var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString))
        {
            Assert.Equal(1, await db.RefreshTokens.CountAsync(TestContext.Current.CancellationToken));
        }

        // Only the first exchange took a permit: two more people can sign in from this address.
        Assert.Equal(HttpStatusCode.OK, (await Client.SignInAsync("dev:ed@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.SignInAsync("dev:fay@example.com")).StatusCode);
        await AssertRateLimitedAsync(await Client.SignInAsync("dev:gus@example.com"), 60);
    }

    [Fact]
    public async Task A_repeat_of_a_refused_code_is_refused_the_same_way_without_asking_google_again()
    {
        var first = await Client.SignInAsync("4/0AX4XfWh-refused");
        var repeat = await Client.SignInAsync("4/0AX4XfWh-refused");

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, repeat.StatusCode);
        Assert.Equal("Failed to exchange code for token", await repeat.ReadDetailAsync());
        Assert.Equal("Bearer", repeat.Headers.WwwAuthenticate.Single().Scheme);

        // The refusal used one permit, its repeat none.
        Assert.Equal(HttpStatusCode.OK, (await Client.SignInAsync("dev:hal@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.SignInAsync("dev:ida@example.com")).StatusCode);
    }

    [Fact]
    public async Task Another_replica_answers_a_repeat_with_the_first_replicas_tokens()
    {
        var shared = new Dictionary<string, string?> { ["SignInRepeats:KeyPrefix"] = $"aivideo-tests:{Guid.NewGuid():N}:signin:" };
        await using var first = await ApiFactory.CreateAsync(Services, Emulator, shared);
        await using var second = await ApiFactory.CreateAsync(Services, Emulator, shared);

        var answer = await (await first.CreateClient().SignInAsync("dev:jo@example.com")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var repeat = await (await second.CreateClient().SignInAsync("dev:jo@example.com")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(answer, repeat);
    }

    [Fact]
    public async Task A_different_code_is_a_new_exchange()
    {
        var first = await Client.SignInAsDevAsync("kim@example.com");
        var otherCode = await Client.SignInAsDevAsync("kim@example.com", "Kim");

        Assert.NotEqual(first.AccessToken, otherCode.AccessToken);
    }
}
