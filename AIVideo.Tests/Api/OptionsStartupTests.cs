using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.Extensions.Options;

namespace AIVideo.Tests.Api;

/// <summary>
/// Every options class is checked when a service starts, not when a request first reads it: a value
/// outside its range stops start-up with a message naming the setting.
/// </summary>
public sealed class OptionsStartupTests(TestServices services, EmulatorServer emulator)
{
    [Theory]
    [InlineData("Jwt:AccessTokenLifetime", "00:00:00", "AccessTokenLifetime")]
    [InlineData("Jwt:Issuer", "", "Issuer")]
    [InlineData("Credits:SignupGrant", "-1", "SignupGrant")]
    [InlineData("SignInRepeats:KeyPrefix", "", "KeyPrefix")]
    [InlineData("Stripe:WebhookTolerance", "00:00:00", "WebhookTolerance")]
    [InlineData("Media:SignedUrlLifetime", "00:00:00", "SignedUrlLifetime")]
    [InlineData("Outbox:BatchSize", "0", "BatchSize")]
    [InlineData("Redis:Timeout", "00:00:00", "Timeout")]
    [InlineData("VideoQueues:Jobs", "q", "Jobs")]
    [InlineData("Health:CacheDuration", "01:00:00", "CacheDuration")]
    [InlineData("OutputCache:InstanceName", "", "OutputCache:InstanceName")]
    public async Task The_api_does_not_start_with_an_invalid(string key, string value, string named)
    {
        await using var api = await ApiFactory.CreateAsync(services, settings: new Dictionary<string, string?> { [key] = value });

        var failure = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains(named, ValidationFailure(failure).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("VideoJobs:Concurrency", "0", "Concurrency")]
    [InlineData("VideoJobs:VisibilityTimeout", "00:00:00", "VisibilityTimeout")]
    [InlineData("VideoJobs:Deadline", "00:00:00", "Deadline")]
    public async Task The_worker_does_not_start_with_an_invalid(string key, string value, string named)
    {
        // The database is never reached: start-up stops at the options before any service runs.
        await using var worker = new WorkerFactory(services, services.Postgres.AdminConnectionString, emulator, new Dictionary<string, string?> { [key] = value });

        var failure = Assert.ThrowsAny<Exception>(() => worker.Services);

        Assert.Contains(named, ValidationFailure(failure).Message, StringComparison.Ordinal);
    }

    private static OptionsValidationException ValidationFailure(Exception failure) =>
        Assert.IsType<OptionsValidationException>(failure is AggregateException { InnerExceptions: [var single] } ? single : failure);
}
