using System.Net.WebSockets;
using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Api.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace AIVideo.Api.Realtime;

/// <summary>
/// Live video status for the signed-in user: <c>GET /ws/videos</c> (WebSocket, outside
/// <c>/api/v1</c> as the spec shows) and <c>GET /api/v1/videos/events</c> (Server-Sent Events).
/// Both are refused with the contract's 401 before any upgrade or stream starts.
/// </summary>
public static class RealtimeApi
{
    public static IEndpointRouteBuilder MapRealtimeApi(this IEndpointRouteBuilder app)
    {
        // Map, not MapGet: WebSockets over HTTP/2 arrive as CONNECT requests.
        // Counted under the default policy: each connect costs a token and database check.
        app.Map(RealtimeTokens.WebSocketPath, ConnectVideoUpdates)
            .WithName(nameof(ConnectVideoUpdates))
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitPolicies.Default)
            .ExcludeFromDescription();

        app.MapGet(RealtimeTokens.EventsPath, StreamVideoUpdates)
            .WithName(nameof(StreamVideoUpdates))
            .WithTags("Videos")
            .WithSummary("Status changes of the caller's videos as Server-Sent Events")
            .WithDescription("Each event's data is {\"type\":\"video.updated\",\"video\":{…}} (the object GET /videos/{id} returns), "
                + "{\"type\":\"resync\"} (events may have been missed: read GET /videos) or, last, {\"type\":\"closed\",\"reason\":\"…\"}. "
                + "Authenticate with the Authorization header or ?token=<access token>.")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitPolicies.Default)
            .Produces<string>(StatusCodes.Status200OK, VideoEventStream.ContentType)
            .ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = RealtimeTokens.QueryName,
                    In = ParameterLocation.Query,
                    Required = false,
                    Description = "The access token, for clients that cannot set the Authorization header (EventSource).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
                return Task.CompletedTask;
            });

        return app;
    }

    internal static async Task ConnectVideoUpdates(HttpContext context, RealtimeHub hub, IOptions<RealtimeOptions> options, TimeProvider time)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await TypedResults.BadRequest(new ErrorResponse("Expected a WebSocket upgrade request")).ExecuteAsync(context);
            return;
        }

        using var client = new RealtimeClient(context.User, options.Value.BufferCapacity, time);
        // Registered before the handshake completes: an event published once the client sees
        // the connection open is never missed.
        using var registration = hub.TryAdd(client, options.Value.MaxConnectionsPerUser);
        if (registration is null)
        {
            await RealtimeConnectionLimits.TooManyForUser(options.Value.MaxConnectionsPerUser).ExecuteAsync(context);
            return;
        }

        var subprotocol = RealtimeTokens.OfferedBearerSubprotocol(context.Request) ? RealtimeTokens.BearerSubprotocol : null;
        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = subprotocol });
        }
        catch (InvalidOperationException) when (!context.Response.HasStarted)
        {
            // Kestrel refuses the upgrade past MaxConcurrentUpgradedConnections, before writing anything.
            await RealtimeConnectionLimits.ServerFull().ExecuteAsync(context);
            return;
        }

        using (socket)
        {
            await VideoWebSocket.RunAsync(context, socket, client, options.Value.CloseTimeout);
        }
    }

    internal static async Task StreamVideoUpdates(HttpContext context, RealtimeHub hub, IOptions<RealtimeOptions> options, TimeProvider time)
    {
        using var client = new RealtimeClient(context.User, options.Value.BufferCapacity, time);
        using var registration = hub.TryAdd(client, options.Value.MaxConnectionsPerUser);
        if (registration is null)
        {
            await RealtimeConnectionLimits.TooManyForUser(options.Value.MaxConnectionsPerUser).ExecuteAsync(context);
            return;
        }

        await VideoEventStream.RunAsync(context, client, hub, options.Value.SseHeartbeatInterval);
    }
}
