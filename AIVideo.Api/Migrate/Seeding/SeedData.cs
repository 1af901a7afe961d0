using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Api.Migrate.Seeding;

/// <summary>
/// The showcase content a new installation starts with. Each table is seeded only while it is
/// empty, so running <c>migrate</c> again never duplicates rows nor brings back what an admin
/// changed. Media come from <see cref="SeedMedia"/>; docs/architecture.md (Seed data) says how to replace them.
/// </summary>
internal static class SeedData
{
    public static async Task SeedAsync(AIVideoDbContext db, SeedMedia media, ILogger logger, CancellationToken cancellationToken)
    {
        if (!await db.ShowcaseVideos.AnyAsync(cancellationToken))
        {
            db.ShowcaseVideos.AddRange(ShowcaseVideos(media));
            logger.LogInformation("Seeding showcase videos");
        }

        if (!await db.TrialImages.AnyAsync(cancellationToken))
        {
            db.TrialImages.AddRange(TrialImages(media));
            logger.LogInformation("Seeding trial images");
        }

        await ReplaceRemoteMediaAsync(db, media, logger, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static IEnumerable<ShowcaseVideo> ShowcaseVideos(SeedMedia media) =>
    [
        Showcase(media, 1, "Tech Product Launch", "Sleek smartphone reveal with dynamic transitions", ShowcaseCategories.Product, "product-launch", featured: true),
        Showcase(media, 2, "Runway Collection", "A spring collection walking through soft morning light", ShowcaseCategories.Fashion, "runway-collection", featured: true),
        Showcase(media, 3, "Artisan Coffee", "Slow-motion pour over a hand-made ceramic cup", ShowcaseCategories.FoodAndBeverage, "artisan-coffee", featured: true),
        Showcase(media, 4, "Modern Loft Tour", "A gliding walkthrough of a sunlit city apartment", ShowcaseCategories.RealEstate, "modern-loft"),
        Showcase(media, 5, "Off-road Adventure", "An SUV climbing a dirt trail at golden hour", ShowcaseCategories.Automotive, "off-road-adventure"),
        Showcase(media, 6, "Smart Home Hub", "Connected devices waking up a living room", ShowcaseCategories.Tech, "smart-home-hub"),
        Showcase(media, 7, "Hot Hatch Review", "A compact sports car carving city streets", ShowcaseCategories.Automotive, "hot-hatch-review"),
        Showcase(media, 8, "Brand Story", "An animated short that tells a brand's origin", ShowcaseCategories.Product, "brand-story"),
    ];

    internal static IEnumerable<TrialImage> TrialImages(SeedMedia media) =>
    [
        Trial(media, 1, "Tech Product", ShowcaseCategories.Tech, "trial-tech-product"),
        Trial(media, 2, "Fashion Portrait", ShowcaseCategories.Fashion, "trial-fashion-portrait"),
        Trial(media, 3, "Coffee Table", ShowcaseCategories.FoodAndBeverage, "trial-coffee-table"),
        Trial(media, 4, "City Apartment", ShowcaseCategories.RealEstate, "trial-city-apartment"),
        Trial(media, 5, "Rally Car", ShowcaseCategories.Automotive, "trial-rally-car"),
        Trial(media, 6, "Sports Coupe", ShowcaseCategories.Automotive, "trial-sports-coupe"),
        Trial(media, 7, "Animated Forest", ShowcaseCategories.Product, "trial-animated-forest"),
        Trial(media, 8, "Sci-fi Scene", ShowcaseCategories.Tech, "trial-sci-fi-scene"),
    ];

    /// <summary>
    /// A database seeded before the media were local still points at the public samples. Each
    /// reference that is exactly a seed item's remote sample becomes that item's local media;
    /// anything an admin set stays. With <see cref="SeedMedia.Remote"/> nothing differs, so nothing changes.
    /// </summary>
    private static async Task ReplaceRemoteMediaAsync(AIVideoDbContext db, SeedMedia media, ILogger logger, CancellationToken cancellationToken)
    {
        var videoMedia = Replacements(ShowcaseVideos(SeedMedia.Remote).Zip(ShowcaseVideos(media), (remote, local) =>
            new[] { (remote.VideoUrl, local.VideoUrl), (remote.PosterUrl!, local.PosterUrl!) }).SelectMany(pairs => pairs));
        var imageMedia = Replacements(TrialImages(SeedMedia.Remote).Zip(TrialImages(media), (remote, local) => (remote.ImageUrl, local.ImageUrl)));
        if (videoMedia.Count == 0 && imageMedia.Count == 0)
        {
            return;
        }

        var remoteVideoMedia = videoMedia.Keys.ToList();
        var videos = await db.ShowcaseVideos
            .Where(v => remoteVideoMedia.Contains(v.VideoUrl) || (v.PosterUrl != null && remoteVideoMedia.Contains(v.PosterUrl)))
            .ToListAsync(cancellationToken);
        foreach (var video in videos)
        {
            video.VideoUrl = videoMedia.GetValueOrDefault(video.VideoUrl, video.VideoUrl);
            video.PosterUrl = video.PosterUrl is { } poster ? videoMedia.GetValueOrDefault(poster, poster) : null;
        }

        var remoteImageMedia = imageMedia.Keys.ToList();
        var images = await db.TrialImages.Where(i => remoteImageMedia.Contains(i.ImageUrl)).ToListAsync(cancellationToken);
        foreach (var image in images)
        {
            image.ImageUrl = imageMedia[image.ImageUrl];
        }

        if (videos.Count + images.Count > 0)
        {
            logger.LogInformation("Pointed {Videos} showcase video(s) and {Images} trial image(s) seeded with remote samples at the local seed media", videos.Count, images.Count);
        }
    }

    private static Dictionary<string, string> Replacements(IEnumerable<(string Remote, string Local)> pairs) =>
        pairs.Where(pair => pair.Remote != pair.Local).ToDictionary(pair => pair.Remote, pair => pair.Local);

    private static ShowcaseVideo Showcase(SeedMedia media, int order, string title, string description, string category, string clip, bool featured = false) => new()
    {
        Title = title,
        Description = description,
        Category = category,
        VideoUrl = media[$"{clip}.mp4"],
        PosterUrl = media[$"{clip}.jpg"],
        IsFeatured = featured,
        Order = order,
    };

    private static TrialImage Trial(SeedMedia media, int order, string title, string category, string image) => new()
    {
        Title = title,
        ImageUrl = media[$"{image}.jpg"],
        Category = category,
        Order = order,
    };
}
