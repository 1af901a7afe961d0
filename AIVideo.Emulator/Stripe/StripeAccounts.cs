using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AIVideo.Emulator.Stripe;

/// <summary>
/// Where each account's events go. Stripe keys an account by its API key; so does this: a test
/// registers its Api's webhook endpoint under the secret key that Api uses, so test classes sharing
/// one Emulator each get their own events. Any other key gets the configured endpoint.
/// </summary>
public sealed class StripeAccounts(IOptions<StripeEmulatorOptions> options)
{
    private readonly ConcurrentDictionary<string, WebhookEndpoint> _endpoints = new(StringComparer.Ordinal);

    public void Register(string apiKey, Uri url, string secret) => _endpoints[apiKey] = new WebhookEndpoint(url, secret);

    public WebhookEndpoint? EndpointFor(string apiKey) =>
        _endpoints.TryGetValue(apiKey, out var endpoint)
            ? endpoint
            : options.Value is { WebhookUrl: { } url, WebhookSecret: { Length: > 0 } secret } ? new WebhookEndpoint(url, secret) : null;
}

public sealed record WebhookEndpoint(Uri Url, string Secret);
