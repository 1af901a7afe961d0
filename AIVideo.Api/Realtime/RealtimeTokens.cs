using Microsoft.Net.Http.Headers;

namespace AIVideo.Api.Realtime;

/// <summary>
/// Where the realtime endpoints also take the access token: browsers cannot set headers on a
/// WebSocket (nor on an EventSource), so <c>?token=</c> or the subprotocol pair
/// <c>bearer, &lt;token&gt;</c>. Only on these paths, so no other endpoint takes tokens in URLs.
/// </summary>
internal static class RealtimeTokens
{
    public const string WebSocketPath = "/ws/videos";
    public const string EventsPath = ApiRoutes.Prefix + "/videos/events";
    public const string QueryName = "token";
    public const string BearerSubprotocol = "bearer";

    /// <summary>The token from the query or the subprotocol, when the request has no Authorization header.</summary>
    public static string? Read(HttpRequest request)
    {
        if (request.Headers.Authorization.Count > 0 || !IsRealtimePath(request.Path))
        {
            return null;
        }

        if (request.Query[QueryName] is [{ Length: > 0 } token])
        {
            return token;
        }

        var protocols = SubprotocolsOf(request);
        return protocols is [BearerSubprotocol, { Length: > 0 } fromProtocol, ..] ? fromProtocol : null;
    }

    /// <summary>Whether the caller presented a token at all, in any accepted place (for 401's wording).</summary>
    public static bool WasPresented(HttpRequest request) => request.Headers.Authorization.Count > 0 || Read(request) is not null;

    /// <summary>A client that offered the <c>bearer</c> pair must see it selected, or browsers fail the handshake.</summary>
    public static bool OfferedBearerSubprotocol(HttpRequest request) => SubprotocolsOf(request) is [BearerSubprotocol, ..];

    private static bool IsRealtimePath(PathString path) =>
        path.Equals(WebSocketPath, StringComparison.OrdinalIgnoreCase) || path.Equals(EventsPath, StringComparison.OrdinalIgnoreCase);

    private static string[] SubprotocolsOf(HttpRequest request) =>
        [.. request.Headers[HeaderNames.SecWebSocketProtocol]
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
}
