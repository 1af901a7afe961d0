using AIVideo.Api.Auth;
using AIVideo.Api.Infrastructure.Replicas;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.Realtime;

public static class RealtimeHosting
{
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RealtimeHub>();
        builder.Services.AddSingleton<RealtimeRedisListener>();
        // The listener's subscriptions also carry what replicas announce to each other, and say whether they are heard.
        builder.Services.AddSingleton<ReplicaLink>();
        builder.Services.AddSingleton<ReplicaAnnouncements>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RealtimeRedisListener>());
        builder.Services.AddHostedService<RealtimeShutdown>();

        // SSE streams are ordinary requests and HTTP/2 WebSockets are streams: the per-user cap bounds those.
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<RealtimeOptions>>((kestrel, realtime) =>
            kestrel.Limits.MaxConcurrentUpgradedConnections = realtime.Value.MaxUpgradedConnections);

        // Protocol-level pings; a client that misses a pong for a whole interval is dropped.
        builder.Services.AddOptions<WebSocketOptions>().Configure<IOptions<RealtimeOptions>>((webSockets, realtime) =>
        {
            webSockets.KeepAliveInterval = realtime.Value.KeepAliveInterval;
            webSockets.KeepAliveTimeout = realtime.Value.KeepAliveInterval;
        });

        // The token from ?token= or the subprotocol goes through the same bearer handler, so the
        // denylist, deleted-user and session checks apply unchanged.
        builder.Services.PostConfigure<JwtBearerOptions>(UserAuthentication.Scheme, options =>
        {
            var previous = options.Events.OnMessageReceived;
            options.Events.OnMessageReceived = async context =>
            {
                await previous(context);
                context.Token ??= RealtimeTokens.Read(context.Request);
            };
        });

        return builder;
    }
}
