using System.Text.Json;

namespace AIVideo.Worker.Providers;

/// <summary>
/// The useful part of a provider's error body, whichever shape it has: OpenAI's <c>{"error":{"code","message"}}</c>,
/// Azure's with <c>inner_error.code</c>, Runway's <c>{"error":"…"}</c>, or a bare <c>{"code","message"}</c>.
/// </summary>
internal sealed record ProviderError(string? Code, string? Message, string? InnerCode)
{
    private const int MaxMessageLength = 200;

    public static ProviderError Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new(null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new(null, null, null);
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return new(null, error.GetString(), null);
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    root = error;
                }
            }

            var inner = root.TryGetProperty("inner_error", out var innerError) && innerError.ValueKind == JsonValueKind.Object
                ? String(innerError, "code")
                : null;
            return new(String(root, "code"), String(root, "message"), inner);
        }
        catch (JsonException)
        {
            // An HTML error page from a gateway: there is nothing to classify by.
            return new(null, null, null);
        }
    }

    /// <summary>Moderation and responsible-AI refusals, by code (the providers' codes vary: match by family).</summary>
    public bool IsContentPolicy => IsContentPolicyCode(Code) || IsContentPolicyCode(InnerCode);

    /// <summary>The message for a stored reason: short, one line.</summary>
    public string? ShortMessage
    {
        get
        {
            var message = Message?.ReplaceLineEndings(" ").Trim();
            return string.IsNullOrEmpty(message) ? null
                : message.Length > MaxMessageLength ? message[..MaxMessageLength] + "…"
                : message;
        }
    }

    public static bool IsContentPolicyCode(string? code) =>
        code is not null
        && (code.Contains("moderation", StringComparison.OrdinalIgnoreCase)
            || code.Contains("content_policy", StringComparison.OrdinalIgnoreCase)
            || code.Contains("content_filter", StringComparison.OrdinalIgnoreCase)
            || code.Contains("ResponsibleAIPolicy", StringComparison.OrdinalIgnoreCase)
            || code.StartsWith("SAFETY.", StringComparison.OrdinalIgnoreCase));

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
