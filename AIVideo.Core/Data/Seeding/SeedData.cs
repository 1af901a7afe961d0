using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AIVideo.Core.Data.Seeding;

/// <summary>
/// The showcase content a new installation starts with. Each table is seeded only while it is
/// empty, so running <c>migrate</c> again never duplicates rows nor brings back what an admin
/// changed. Media are public sample clips; see the README to replace them.
/// </summary>
internal static class SeedData
{
    private const string SampleMedia = "https://commondatastorage.googleapis.com/gtv-videos-bucket/sample/";

    public static async Task SeedAsync(AIVideoDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        if (!await db.ShowcaseVideos.AnyAsync(cancellationToken))
        {
            db.ShowcaseVideos.AddRange(ShowcaseVideos());
            logger.LogInformation("Seeding showcase videos");
        }

        if (!await db.TrialImages.AnyAsync(cancellationToken))
        {
            db.TrialImages.AddRange(TrialImages());
            logger.LogInformation("Seeding trial images");
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    internal static IEnumerable<ShowcaseVideo> ShowcaseVideos() =>
    [
        Showcase(1, "Tech Product Launch", "Sleek smartphone reveal with dynamic transitions", ShowcaseCategories.Product, "ForBiggerBlazes", featured: true),
        Showcase(2, "Runway Collection", "A spring collection walking through soft morning light", ShowcaseCategories.Fashion, "ForBiggerEscapes", featured: true),
        Showcase(3, "Artisan Coffee", "Slow-motion pour over a hand-made ceramic cup", ShowcaseCategories.FoodAndBeverage, "ForBiggerFun", featured: true),
        Showcase(4, "Modern Loft Tour", "A gliding walkthrough of a sunlit city apartment", ShowcaseCategories.RealEstate, "ForBiggerJoyrides"),
        Showcase(5, "Off-road Adventure", "An SUV climbing a dirt trail at golden hour", ShowcaseCategories.Automotive, "SubaruOutbackOnStreetAndDirt"),
        Showcase(6, "Smart Home Hub", "Connected devices waking up a living room", ShowcaseCategories.Tech, "ForBiggerMeltdowns"),
        Showcase(7, "Hot Hatch Review", "A compact sports car carving city streets", ShowcaseCategories.Automotive, "VolkswagenGTIReview"),
        Showcase(8, "Brand Story", "An animated short that tells a brand's origin", ShowcaseCategories.Product, "BigBuckBunny"),
    ];

    internal static IEnumerable<TrialImage> TrialImages() =>
    [
        Trial(1, "Tech Product", ShowcaseCategories.Tech, "ForBiggerMeltdowns"),
        Trial(2, "Fashion Portrait", ShowcaseCategories.Fashion, "ForBiggerEscapes"),
        Trial(3, "Coffee Table", ShowcaseCategories.FoodAndBeverage, "ForBiggerFun"),
        Trial(4, "City Apartment", ShowcaseCategories.RealEstate, "ForBiggerJoyrides"),
        Trial(5, "Rally Car", ShowcaseCategories.Automotive, "SubaruOutbackOnStreetAndDirt"),
        Trial(6, "Sports Coupe", ShowcaseCategories.Automotive, "VolkswagenGTIReview"),
        Trial(7, "Animated Forest", ShowcaseCategories.Product, "BigBuckBunny"),
        Trial(8, "Sci-fi Scene", ShowcaseCategories.Tech, "TearsOfSteel"),
    ];

    private static ShowcaseVideo Showcase(int order, string title, string description, string category, string clip, bool featured = false) => new()
    {
        Title = title,
        Description = description,
        Category = category,
        VideoUrl = $"{SampleMedia}{clip}.mp4",
        PosterUrl = $"{SampleMedia}images/{clip}.jpg",
        IsFeatured = featured,
        Order = order,
    };

    private static TrialImage Trial(int order, string title, string category, string clip) => new()
    {
        Title = title,
        ImageUrl = $"{SampleMedia}images/{clip}.jpg",
        Category = category,
        Order = order,
    };
}
