using System.ComponentModel.DataAnnotations;

namespace AIVideo.Api.Realtime;

/// <summary>Pacing and limits of the realtime endpoints (<c>/ws/videos</c>, <c>/api/v1/videos/events</c>).</summary>
public sealed class RealtimeOptions
{
    public const string SectionName = "Realtime";

    /// <summary>How often the server pings a WebSocket; a client that has not answered a ping within as long again is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often an idle SSE stream gets a <c>: ping</c> comment (proxies close silent streams).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SseHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Events held for one connection that cannot keep up; see <see cref="EventBuffer"/>.</summary>
    [Range(2, 10_000)]
    public int BufferCapacity { get; set; } = 64;

    /// <summary>
    /// Realtime connections (WebSockets and SSE streams together) one user may hold open in one Api process;
    /// one more is refused with 429. Each holds about 35 KB and cost a database check to open.
    /// </summary>
    [Range(1, 1_000)]
    public int MaxConnectionsPerUser { get; set; } = 10;

    /// <summary>
    /// Kestrel's limit on upgraded (HTTP/1.1 WebSocket) connections per process, whoever holds them: at
    /// 10,000 the capacity benchmark measured about 500 MB resident. One more is refused with 503.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxUpgradedConnections { get; set; } = 10_000;

    /// <summary>How long a closing handshake may take before the connection is simply dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
