using System.Globalization;
using System.Security.Claims;
using AIVideo.Api.Auth;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AIVideo.Api.Realtime;

/// <summary>
/// One open WebSocket or SSE stream: whose it is, the events waiting for it, and why it must end
/// (the token expired, the session ended, the client fell too far behind, the server is stopping).
/// </summary>
internal sealed class RealtimeClient : IDisposable
{
    public const string TokenExpiredReason = "Token expired";
    public const string LoggedOutReason = "Session ended";
    public const string TooSlowReason = "Client too slow";
    public const string ShuttingDownReason = "Server shutting down";

    private readonly CancellationTokenSource _closing = new();
    private readonly ITimer _expiry;

    // Expiry, revocation and fan-out run on other threads than the connection that disposes this.
    private readonly Lock _gate = new();
    private string? _closeReason;
    private bool _disposed;

    public RealtimeClient(ClaimsPrincipal user, int bufferCapacity, TimeProvider time)
    {
        UserId = user.GetUserId();
        SessionId = user.GetSessionId();
        Events = new EventBuffer(bufferCapacity);

        // The bearer handler allows some clock skew; a stream ends exactly at the token's exp.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(user.FindFirstValue(JwtRegisteredClaimNames.Exp)!, CultureInfo.InvariantCulture));
        var remaining = expiresAt - time.GetUtcNow();
        _expiry = time.CreateTimer(_ => Close(TokenExpiredReason), null, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    public long UserId { get; }

    public Guid SessionId { get; }

    public EventBuffer Events { get; }

    /// <summary>Cancelled when the server decides to end the connection; <see cref="CloseReason"/> says why.</summary>
    public CancellationToken Closing => _closing.Token;

    public string? CloseReason
    {
        get
        {
            lock (_gate)
            {
                return _closeReason;
            }
        }
    }

    public void Deliver(RealtimeEvent item)
    {
        bool kept;
        lock (_gate)
        {
            if (_disposed || _closeReason is not null)
            {
                return;
            }

            kept = Events.Write(item);
        }

        if (!kept)
        {
            Close(TooSlowReason);
        }
    }

    public void Close(string reason)
    {
        lock (_gate)
        {
            if (_disposed || _closeReason is not null)
            {
                return;
            }

            _closeReason = reason;

            // Under the lock, so Dispose cannot free the source in between.
            _closing.Cancel();
        }
    }

    public void Dispose()
    {
        _expiry.Dispose();
        lock (_gate)
        {
            _disposed = true;
        }

        _closing.Dispose();
        Events.Dispose();
    }
}
