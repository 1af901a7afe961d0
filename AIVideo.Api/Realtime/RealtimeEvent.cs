using System.Text;
using System.Text.Json;
using AIVideo.Api.Payments;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Videos;

namespace AIVideo.Api.Realtime;

/// <summary>
/// One message as sent to clients: the JSON bytes (shared by every connection that gets it), the
/// video it is about, and whether it must survive a slow client's buffer.
/// </summary>
internal sealed record RealtimeEvent(long Id, ReadOnlyMemory<byte> Json, long? VideoId, bool IsTerminal)
{
    public const string ResyncType = "resync";

    private static readonly string s_completed = VideoLifecycle.NameOf(VideoStatus.Completed);
    private static readonly string s_failed = VideoLifecycle.NameOf(VideoStatus.Failed);

    /// <summary>
    /// A Worker event, forwarded as published: its signed URLs were made when the change happened,
    /// a few milliseconds earlier, so they are as fresh as a <c>GET /videos/{id}</c> then. Parsed
    /// once per process only to learn the video and whether the status is final. Null when it is
    /// not a video update or deletion, nor a <c>credits.updated</c>.
    /// </summary>
    public static RealtimeEvent? FromVideoUpdate(long id, ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            // A balance change: about no video, and never dropped for a slow client.
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var eventType) && eventType.ValueEquals(CreditEvents.UpdatedType))
            {
                return new RealtimeEvent(id, json, null, IsTerminal: true);
            }

            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || !(type.ValueEquals(VideoEvents.UpdatedType) || type.ValueEquals(VideoEvents.DeletedType))
                || !root.TryGetProperty("video", out var video) || video.ValueKind != JsonValueKind.Object
                || !video.TryGetProperty("id", out var videoId) || !videoId.TryGetInt64(out var parsedId))
            {
                return null;
            }

            var terminal = type.ValueEquals(VideoEvents.DeletedType)
                || (video.TryGetProperty("status", out var status) && (status.ValueEquals(s_completed) || status.ValueEquals(s_failed)));
            return new RealtimeEvent(id, json, parsedId, terminal);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Tells the client it may have missed events and should read the current state with <c>GET /videos</c>.</summary>
    public static RealtimeEvent Resync(long id) => new(id, """{"type":"resync"}"""u8.ToArray(), null, IsTerminal: true);

    /// <summary>The last SSE message before the server ends a stream (a WebSocket says it in its close frame).</summary>
    public static RealtimeEvent Closed(long id, string reason) =>
        new(id, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = "closed", reason })), null, IsTerminal: true);
}
