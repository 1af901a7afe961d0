using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AIVideo.Emulator.Stripe;

/// <summary>
/// Posts events to the account's webhook endpoint signed exactly as Stripe signs them:
/// <c>Stripe-Signature: t=&lt;unix time&gt;,v1=&lt;hex HMAC-SHA256 of "t.body" keyed with the endpoint secret&gt;</c>.
/// A refused or failed delivery is retried a few times with back-off, as Stripe retries.
/// </summary>
public sealed partial class WebhookSender(
    IHttpClientFactory httpClients, StripeAccounts accounts, StripeStore store, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "stripe-webhooks";
    private const int MaxAttempts = 4;

    /// <summary>The exact header value for <paramref name="payload"/> at <paramref name="timestamp"/>.</summary>
    public static string Sign(string payload, string secret, long timestamp)
    {
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{payload}"));
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(signature)}";
    }

    /// <summary>An event around <paramref name="data"/>, as the API version the session was created with writes it.</summary>
    public JsonObject Event(string type, JsonObject data, string apiVersion) => new()
    {
        ["id"] = StripeStore.NewId("evt"),
        ["object"] = "event",
        ["api_version"] = apiVersion,
        ["created"] = store.Now,
        ["type"] = type,
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["data"] = new JsonObject { ["object"] = data },
    };

    /// <summary>Delivers the events in order; each <paramref name="copies"/> times at once (a duplicated delivery).</summary>
    public async Task DeliverAsync(string apiKey, IReadOnlyList<JsonObject> events, int copies, CancellationToken cancellationToken)
    {
        if (accounts.EndpointFor(apiKey) is not { } endpoint)
        {
            LogNoEndpoint(logger, events.Count);
            return;
        }

        foreach (var stripeEvent in events)
        {
            var payload = stripeEvent.ToJsonString();
            await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => SendWithRetriesAsync(endpoint, payload, (string)stripeEvent["type"]!, cancellationToken)));
        }
    }

    /// <summary>Starts <see cref="DeliverAsync"/> in the background after <paramref name="delay"/>.</summary>
    public void DeliverLater(string apiKey, IReadOnlyList<JsonObject> events, int copies, TimeSpan delay) =>
        _ = Task.Run(async () =>
        {
            await Task.Delay(delay);
            await DeliverAsync(apiKey, events, copies, CancellationToken.None);
        });

    private async Task SendWithRetriesAsync(WebhookEndpoint endpoint, string payload, string type, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
                // Signed per attempt, as Stripe does: a retry carries a fresh timestamp.
                request.Headers.Add("Stripe-Signature", Sign(payload, endpoint.Secret, store.Now));
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                LogRefused(logger, type, endpoint.Url, (int)response.StatusCode, attempt);
            }
            catch (HttpRequestException exception)
            {
                LogFailed(logger, exception, type, endpoint.Url, attempt);
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Warning, "No webhook endpoint for this API key: {Count} Stripe event(s) not sent")]
    private static partial void LogNoEndpoint(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Webhook {Type} to {Url} answered {Status} (attempt {Attempt})")]
    private static partial void LogRefused(ILogger logger, string type, Uri url, int status, int attempt);

    [LoggerMessage(LogLevel.Warning, "Webhook {Type} to {Url} failed (attempt {Attempt})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string type, Uri url, int attempt);
}
