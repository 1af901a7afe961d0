using System.ComponentModel.DataAnnotations;
using AIVideo.Api.Infrastructure.Replicas;
using AIVideo.Api.Videos;
using AIVideo.Core.Data;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.Users;

/// <summary>
/// What a signed-in user reads on every visit (their profile with its balance, pages of their
/// videos), kept by this replica so that a repeat read costs no database round trip. PostgreSQL
/// reports every committed change to a user's row or videos (<see cref="UserChangeListener"/>,
/// triggers of migration <c>UserChangeNotifications</c>), and the user's copies are forgotten at
/// once; copies are believed only while that report stream is connected (<see cref="Changes"/>),
/// so a lost connection falls back to reading the database until it is back.
/// </summary>
public sealed class UserReads
{
    private readonly ReplicaMemory<long, UserResponse> _profiles;
    private readonly ReplicaMemory<VideoPageKey, VideoPage> _videoPages;
    private readonly TimeSpan _lifetime;

    public UserReads(IOptions<UserReadOptions> options, TimeProvider time)
    {
        _lifetime = options.Value.Lifetime;
        _profiles = new(Changes, time, options.Value.MaxProfiles);
        // Every page of a user shares the user's slot: forgetting the user forgets them all.
        _videoPages = new(Changes, time, options.Value.MaxVideoPages, key => key.UserId.GetHashCode());
    }

    /// <summary>Live while this replica hears PostgreSQL's change reports.</summary>
    public ReplicaLink Changes { get; } = new();

    // Both reads take the request's services rather than a DbContext: a copy found here needs none,
    // and renting one from the pool for every request costs more than the copy.

    public ValueTask<UserResponse?> ProfileAsync(IServiceProvider requestServices, long userId, CancellationToken cancellationToken) =>
        _profiles.GetOrReadAsync(
            userId,
            (requestServices, userId, cancellationToken),
            static read => new ValueTask<UserResponse?>(
                UserResponse.FindAsync(read.requestServices.GetRequiredService<AIVideoDbContext>(), read.userId, read.cancellationToken)),
            _lifetime);

    public async ValueTask<VideoPage> VideoPageAsync(IServiceProvider requestServices, VideoPageKey key, CancellationToken cancellationToken) =>
        (await _videoPages.GetOrReadAsync(
            key,
            (requestServices, key, cancellationToken),
            static async read => (VideoPage?)await VideoQueries.ReadPageAsync(
                read.requestServices.GetRequiredService<AIVideoDbContext>(), read.key, read.cancellationToken),
            _lifetime))!;

    /// <summary>Something of <paramref name="userId"/>'s changed: their next reads, here, ask the database.</summary>
    public void Forget(long userId)
    {
        _profiles.Forget(userId);
        _videoPages.Forget(new VideoPageKey(userId, null, 0, 0));
    }
}

/// <summary>Section <c>UserReads</c>.</summary>
public sealed class UserReadOptions
{
    public const string SectionName = "UserReads";

    /// <summary>
    /// How long a copy is kept at most. Changes are reported at once; the lifetime only bounds what
    /// a change made with the triggers disabled (a bulk load by hand) leaves visible.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 10_000_000)]
    public int MaxProfiles { get; set; } = 100_000;

    /// <summary>A page of 20 videos weighs about 10 KB: 2,000 pages stay near 20 MB.</summary>
    [Range(1, 1_000_000)]
    public int MaxVideoPages { get; set; } = 2_000;
}
