using System.Net.Http.Headers;
using AIVideo.Core.Videos;
using Azure.Core;
using Microsoft.Extensions.Options;

namespace AIVideo.Worker.Providers;

/// <summary>
/// Authenticates calls to one provider kind: a configured key (Azure's <c>api-key</c> header on Azure OpenAI hosts,
/// a bearer token elsewhere), else an Entra ID token on Azure OpenAI hosts, else <c>Bearer emulator</c> for the
/// local Emulator. Runs inside the resilience handler, so a retried GET is authenticated afresh.
/// </summary>
internal sealed class ProviderCredentialsHandler(
    string kind, IOptionsMonitor<ProviderCredentialsOptions> options, ProviderTokenCredential tokenCredential) : DelegatingHandler
{
    public const string EmulatorKey = "emulator";
    public const string CognitiveServicesScope = "https://cognitiveservices.azure.com/.default";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var apiKey = options.Get(kind).ApiKey;
        var azure = kind != ProviderKinds.Runway && IsAzureOpenAIHost(request.RequestUri);
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            if (azure)
            {
                request.Headers.Add("api-key", apiKey);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            }
        }
        else if (azure)
        {
            var token = await tokenCredential.Credential.GetTokenAsync(new TokenRequestContext([CognitiveServicesScope]), cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorKey);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    public static bool IsAzureOpenAIHost(Uri? uri) =>
        uri is not null
        && (uri.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith(".cognitiveservices.azure.com", StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith(".services.ai.azure.com", StringComparison.OrdinalIgnoreCase));
}

/// <summary>The Entra ID credential for Azure OpenAI endpoints, created on first use (it probes the environment).</summary>
internal sealed class ProviderTokenCredential(Func<TokenCredential> factory)
{
    private readonly Lazy<TokenCredential> _credential = new(factory);

    public TokenCredential Credential => _credential.Value;
}
