using Microsoft.Extensions.Options;
using Stripe;

namespace AIVideo.Api.Payments;

public static class PaymentsHosting
{
    public const string StripeHttpClient = "stripe";

    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StripeOptions>, StripeOptionsValidator>();
        builder.Services.AddSingleton<PaymentCatalog>();
        builder.Services.AddScoped<CheckoutSessions>();
        builder.Services.AddScoped<StripeWebhookProcessor>();
        builder.Services.AddSingleton<CreditEvents>();

        // The service defaults' handler retries only safe methods; Stripe.net retries its POSTs
        // itself, with an idempotency key, so a retried create never makes a second session.
        builder.Services.AddHttpClient(StripeHttpClient);
        builder.Services.AddSingleton<IStripeClient>(services =>
        {
            var stripe = services.GetRequiredService<IOptions<StripeOptions>>().Value;
            var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(StripeHttpClient);
            return new StripeClient(new StripeClientOptions
            {
                // Stripe.net refuses an empty key at construction; an unset key (Development
                // without the AppHost) fails at the first call instead, as a 502.
                ApiKey = string.IsNullOrEmpty(stripe.SecretKey) ? "sk_test_unset" : stripe.SecretKey,
                ApiBase = stripe.ApiBase?.ToString().TrimEnd('/'),
                HttpClient = new SystemNetHttpClient(http, maxNetworkRetries: 2),
            });
        });
        return builder;
    }
}
