namespace AIVideo.Api.Migrate.Seeding;

/// <summary>
/// The media references the seed rows get, by bundled file name (<c>Data/Seeding/Media</c>):
/// the public sample each file stands in for, or the name of its blob in the <c>showcase</c> container.
/// </summary>
internal sealed class SeedMedia
{
    private const string SampleHost = "https://commondatastorage.googleapis.com/gtv-videos-bucket/sample/";

    private readonly IReadOnlyDictionary<string, string> _references;

    private SeedMedia(IReadOnlyDictionary<string, string> references) => _references = references;

    public static SeedMedia Remote { get; } = new(new Dictionary<string, string>
    {
        ["product-launch.mp4"] = SampleHost + "ForBiggerBlazes.mp4",
        ["product-launch.jpg"] = SampleHost + "images/ForBiggerBlazes.jpg",
        ["runway-collection.mp4"] = SampleHost + "ForBiggerEscapes.mp4",
        ["runway-collection.jpg"] = SampleHost + "images/ForBiggerEscapes.jpg",
        ["artisan-coffee.mp4"] = SampleHost + "ForBiggerFun.mp4",
        ["artisan-coffee.jpg"] = SampleHost + "images/ForBiggerFun.jpg",
        ["modern-loft.mp4"] = SampleHost + "ForBiggerJoyrides.mp4",
        ["modern-loft.jpg"] = SampleHost + "images/ForBiggerJoyrides.jpg",
        ["off-road-adventure.mp4"] = SampleHost + "SubaruOutbackOnStreetAndDirt.mp4",
        ["off-road-adventure.jpg"] = SampleHost + "images/SubaruOutbackOnStreetAndDirt.jpg",
        ["smart-home-hub.mp4"] = SampleHost + "ForBiggerMeltdowns.mp4",
        ["smart-home-hub.jpg"] = SampleHost + "images/ForBiggerMeltdowns.jpg",
        ["hot-hatch-review.mp4"] = SampleHost + "VolkswagenGTIReview.mp4",
        ["hot-hatch-review.jpg"] = SampleHost + "images/VolkswagenGTIReview.jpg",
        ["brand-story.mp4"] = SampleHost + "BigBuckBunny.mp4",
        ["brand-story.jpg"] = SampleHost + "images/BigBuckBunny.jpg",
        ["trial-tech-product.jpg"] = SampleHost + "images/ForBiggerMeltdowns.jpg",
        ["trial-fashion-portrait.jpg"] = SampleHost + "images/ForBiggerEscapes.jpg",
        ["trial-coffee-table.jpg"] = SampleHost + "images/ForBiggerFun.jpg",
        ["trial-city-apartment.jpg"] = SampleHost + "images/ForBiggerJoyrides.jpg",
        ["trial-rally-car.jpg"] = SampleHost + "images/SubaruOutbackOnStreetAndDirt.jpg",
        ["trial-sports-coupe.jpg"] = SampleHost + "images/VolkswagenGTIReview.jpg",
        ["trial-animated-forest.jpg"] = SampleHost + "images/BigBuckBunny.jpg",
        ["trial-sci-fi-scene.jpg"] = SampleHost + "images/TearsOfSteel.jpg",
    });

    /// <summary>Every bundled file the seed refers to.</summary>
    public static IEnumerable<string> Files => Remote._references.Keys;

    public static SeedMedia Local(IReadOnlyDictionary<string, string> blobNames) => new(blobNames);

    public string this[string file] => _references[file];
}
