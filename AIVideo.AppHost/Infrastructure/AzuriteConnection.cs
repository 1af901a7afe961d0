using AIVideo.LocalInfrastructure;

namespace AIVideo.AppHost.Infrastructure;

internal static class AzuriteConnection
{
    /// <summary>
    /// The development account's connection string on the ports of Azurite's <c>blob</c>, <c>queue</c> and
    /// <c>table</c> endpoints, an executable's or a container's: the layout is LocalAzurite's, which the tests use too.
    /// </summary>
    public static ReferenceExpression AzuriteConnectionString<T>(this IResourceBuilder<T> azurite)
        where T : IResourceWithEndpoints
    {
        var expression = new ReferenceExpressionBuilder();
        foreach (var part in LocalAzurite.ConnectionString(
            azurite.GetEndpoint("blob").Property(EndpointProperty.Port),
            azurite.GetEndpoint("queue").Property(EndpointProperty.Port),
            azurite.GetEndpoint("table").Property(EndpointProperty.Port)))
        {
            if (part is string literal)
            {
                expression.AppendLiteral(literal);
            }
            else
            {
                expression.AppendValueProvider(part);
            }
        }

        return expression.Build();
    }
}
