namespace AIVideo.Emulator.Stripe;

/// <summary>
/// What a payment on the hosted checkout page should go through, from the words typed into its
/// "Test scenario" field, or from Stripe's own test card that is always declined.
/// </summary>
public sealed record StripeScenario(bool Declined, bool DelayWebhook, bool DuplicateWebhook, bool RefundLater)
{
    public const string DeclinedCard = "4000000000000002";

    public static StripeScenario From(string? cardNumber, string? words)
    {
        words ??= string.Empty;
        var card = new string([.. (cardNumber ?? string.Empty).Where(char.IsAsciiDigit)]);
        return new StripeScenario(
            Declined: card == DeclinedCard || Has(words, "declined"),
            DelayWebhook: Has(words, "delay-webhook"),
            DuplicateWebhook: Has(words, "duplicate-webhook"),
            RefundLater: Has(words, "refund"));
    }

    private static bool Has(string words, string word) => words.Contains($"[emulator:{word}]", StringComparison.OrdinalIgnoreCase);
}
