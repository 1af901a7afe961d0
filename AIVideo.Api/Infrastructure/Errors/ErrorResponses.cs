namespace AIVideo.Api.Infrastructure.Errors;

/// <summary>
/// Declares the contract's <c>{"detail": ...}</c> answers an endpoint or group can give, for the
/// statuses that have no typed result of their own (401 from authorization, 429 from the rate
/// limiter, 402/413/502/503 written as JSON results), so the OpenAPI document lists them.
/// </summary>
public static class ErrorResponses
{
    public static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params int[] statusCodes) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var statusCode in statusCodes)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(statusCode, typeof(ErrorResponse), ["application/json"]));
        }

        return builder;
    }
}
