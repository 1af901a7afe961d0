extern alias worker;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using worker::AIVideo.Worker.Media;

namespace AIVideo.Tests.Media;

public sealed class MediaHostingTests
{
    [Fact]
    public void The_defaults_are_the_secure_ones()
    {
        using var host = BuildHost([]);

        var options = host.Services.GetRequiredService<IOptions<ExternalImageOptions>>().Value;

        Assert.Equal(10 * 1024 * 1024, options.MaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.Equal(3, options.MaxRedirects);
        Assert.False(options.AllowHttp);
        Assert.Empty(options.TrustedHosts);
        Assert.Same(host.Services.GetRequiredService<ExternalImageFetcher>(), host.Services.GetRequiredService<ExternalImageFetcher>());
    }

    [Fact]
    public void The_options_bind_from_their_section()
    {
        using var host = BuildHost(new()
        {
            ["Media:ExternalImages:MaxBytes"] = "2048",
            ["Media:ExternalImages:Timeout"] = "00:00:03",
            ["Media:ExternalImages:MaxRedirects"] = "1",
            ["Media:ExternalImages:AllowHttp"] = "true",
            ["Media:ExternalImages:TrustedHosts:0"] = "127.0.0.1:8080",
            ["Media:ExternalImages:TrustedHosts:1"] = "[::1]:8080",
        });

        var options = host.Services.GetRequiredService<IOptions<ExternalImageOptions>>().Value;

        Assert.Equal(2048, options.MaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
        Assert.Equal(1, options.MaxRedirects);
        Assert.True(options.AllowHttp);
        Assert.Equal(["127.0.0.1:8080", "[::1]:8080"], options.TrustedHosts);
        Assert.NotNull(host.Services.GetRequiredService<ExternalImageFetcher>());
    }

    [Theory]
    [InlineData("Media:ExternalImages:TrustedHosts:0", "127.0.0.1")]
    [InlineData("Media:ExternalImages:TrustedHosts:0", "127.0.0.1:http")]
    [InlineData("Media:ExternalImages:TrustedHosts:0", "127.0.0.1:70000")]
    [InlineData("Media:ExternalImages:MaxBytes", "0")]
    [InlineData("Media:ExternalImages:MaxRedirects", "-1")]
    [InlineData("Media:ExternalImages:Timeout", "00:00:00")]
    public void Invalid_options_fail_validation(string key, string value)
    {
        using var host = BuildHost(new() { [key] = value });

        Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ExternalImageOptions>>().Value);
    }

    private static IHost BuildHost(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddExternalImageFetcher();
        return builder.Build();
    }
}
