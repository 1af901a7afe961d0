using System.Text.Json;
using AIVideo.Api.Infrastructure.Replicas;
using AIVideo.Core.Serialization;
using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace AIVideo.Api.Showcase;

/// <summary>
/// The output cache's pages kept in this process as well, in front of the shared store (Redis):
/// a cached page is served with no network round trip. An eviction empties every replica's copies
/// before it returns (announced with replies, <see cref="ReplicaAnnouncements"/>), and copies are
/// believed only while this replica hears those announcements (<see cref="ReplicaLink"/>). Only
/// the showcase is cached, under one tag, so any eviction empties them all.
/// </summary>
public sealed class LocalOutputCacheStore(IOutputCacheStore shared, ReplicaLink link, ReplicaAnnouncements announcements, TimeProvider time)
    : IOutputCacheStore
{
    public const string EventType = "output.evicted";

    public static readonly RedisChannel EvictionChannel = RedisChannel.Literal("aivideo:output:evicted");

    // A copy read from the shared store does not say how long it has left there: keep it a minute
    // at most, well inside the one-hour lifetime of the signed media URLs a page may carry.
    private static readonly TimeSpan s_copyLifetime = TimeSpan.FromMinutes(1);
    private const int MaxCopies = 1_000;

    private readonly ReplicaMemory<string, byte[]> _copies = new(link, time, MaxCopies);

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        _copies.GetOrReadAsync(key, (shared, key, cancellationToken), static read => read.shared.GetAsync(read.key, read.cancellationToken), s_copyLifetime);

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var stamp = _copies.StampOf(key);
        await shared.SetAsync(key, value, tags, validFor, cancellationToken);
        _copies.Remember(key, value, stamp, validFor < s_copyLifetime ? validFor : s_copyLifetime);
    }

    /// <summary>Evicts in the shared store, here, and in every replica that hears it, before returning.</summary>
    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        await shared.EvictByTagAsync(tag, cancellationToken);
        EvictCopies();
        await announcements.AnnounceAsync(
            EvictionChannel, replyTo => JsonSerializer.Serialize(new OutputEvicted(tag, replyTo), AIVideoJson.Options), EventType);
    }

    /// <summary>Another replica evicted: forget every copy.</summary>
    public void EvictCopies() => _copies.ForgetAll();
}

/// <summary>Output cache pages of <see cref="Tag"/> were evicted; <see cref="ReplyTo"/> names the channel each replica replies on.</summary>
public sealed record OutputEvicted(string Tag, string? ReplyTo);
