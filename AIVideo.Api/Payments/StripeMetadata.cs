using System.Globalization;

namespace AIVideo.Api.Payments;

/// <summary>
/// What a checkout session carries in its metadata (and its subscription's and payment intent's),
/// so that every later Stripe event names the user and the product on its own.
/// </summary>
internal static class StripeMetadata
{
    public const string UserId = "user_id";
    public const string ProductType = "product_type";

    public static Dictionary<string, string> For(long userId, string productType) => new(StringComparer.Ordinal)
    {
        [UserId] = userId.ToString(CultureInfo.InvariantCulture),
        [ProductType] = productType,
    };

    public static long? UserIdOf(IDictionary<string, string>? metadata) =>
        metadata?.TryGetValue(UserId, out var value) == true && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string? ProductTypeOf(IDictionary<string, string>? metadata) =>
        metadata?.TryGetValue(ProductType, out var value) == true ? value : null;
}
