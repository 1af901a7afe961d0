using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.Extensions.Options;

namespace AIVideo.Tests.Auth;

public sealed class SigningKeyTests(TestServices services)
{
    [Theory]
    [InlineData("")]
    [InlineData("too-short-for-hs256")]
    public async Task Outside_development_the_api_refuses_to_start_without_a_proper_signing_key(string key)
    {
        await using var api = await ApiFactory.CreateAsync(services, settings: new Dictionary<string, string?> { ["Jwt:SigningKey"] = key });

        var exception = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Contains("Jwt:SigningKey", exception.Message, StringComparison.Ordinal);
    }
}
