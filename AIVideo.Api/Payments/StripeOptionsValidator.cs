using Microsoft.Extensions.Options;

namespace AIVideo.Api.Payments;

/// <summary>
/// Outside Development, while payments are on, the Stripe keys must be configured: without the
/// secret key no checkout starts, and without the webhook secret no payment is ever credited.
/// </summary>
internal sealed class StripeOptionsValidator(IHostEnvironment environment, IOptions<PaymentsOptions> payments) : IValidateOptions<StripeOptions>
{
    public ValidateOptionsResult Validate(string? name, StripeOptions options)
    {
        if (environment.IsDevelopment() || !payments.Value.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        Require(options.SecretKey, nameof(StripeOptions.SecretKey), failures);
        Require(options.WebhookSecret, nameof(StripeOptions.WebhookSecret), failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Require(string value, string property, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{StripeOptions.SectionName}:{property} is not set: outside Development it must be the Stripe account's (or set {PaymentsOptions.SectionName}:Enabled=false).");
        }
    }
}
