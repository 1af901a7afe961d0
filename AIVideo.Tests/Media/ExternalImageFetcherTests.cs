extern alias worker;

using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using AIVideo.Core.Media;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using worker::AIVideo.Worker.Media;

namespace AIVideo.Tests.Media;

/// <summary>
/// The fetcher against a loopback server that it trusts by <c>127.0.0.1:port</c>. Every other address in these
/// tests must be refused before a connection is made: this machine reaches nothing but loopback, and the tests must
/// never send traffic anywhere else.
/// </summary>
public sealed class ExternalImageFetcherTests(ImageServer server) : IClassFixture<ImageServer>
{
    private const string AddressNotAllowed = "The image address is not allowed";

    [Fact]
    public async Task An_image_is_fetched()
    {
        using var fetcher = CreateFetcher();

        var result = await fetcher.FetchAsync(server.Url("/image.png"), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(ImageServer.Png, result.Data);
        Assert.Same(ImageFormat.Png, result.Format);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Redirects_up_to_the_limit_are_followed(int redirects)
    {
        using var fetcher = CreateFetcher(options => options.MaxRedirects = 3);

        var result = await fetcher.FetchAsync(server.Url($"/chain/{redirects}"), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Error);
    }

    [Fact]
    public async Task Too_many_redirects_are_refused()
    {
        using var fetcher = CreateFetcher(options => options.MaxRedirects = 3);
        // The server is shared by this class's tests: compare counts, not absolute numbers.
        var before = server.RequestsTo("/chain/0");

        var result = await fetcher.FetchAsync(server.Url("/chain/4"), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.TooManyRedirects, "The image address redirects too many times");
        Assert.Equal(before, server.RequestsTo("/chain/0"));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/")]
    [InlineData("http://10.0.0.1/x.png")]
    [InlineData("http://192.168.1.1/x.png")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data")]
    [InlineData("http://0.0.0.0/x.png")]
    public async Task A_redirect_to_a_private_address_is_refused(string target)
    {
        using var fetcher = CreateFetcher();
        var stopwatch = Stopwatch.StartNew();

        var result = await fetcher.FetchAsync(RedirectTo(target), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.AddressNotAllowed, AddressNotAllowed);
        // A connection attempt to an unreachable address would hang until the time-out, not be refused at once.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_redirect_to_a_host_name_that_resolves_to_loopback_is_refused_before_connecting()
    {
        // Same server, same port, but named "localhost": trust is for 127.0.0.1:port as written, and localhost
        // is only found to be loopback by the connect-time check.
        using var fetcher = CreateFetcher();
        var connectionsBefore = server.Connections;

        var result = await fetcher.FetchAsync(RedirectTo($"http://localhost:{server.Port}/x.png"), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.AddressNotAllowed, AddressNotAllowed);
        Assert.Equal(0, server.RequestsTo("/x.png"));
        Assert.Equal(1, server.Connections - connectionsBefore);
    }

    [Fact]
    public async Task A_loopback_port_that_is_not_trusted_is_refused_before_connecting()
    {
        var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        try
        {
            var otherPort = ((IPEndPoint)other.LocalEndpoint).Port;
            using var fetcher = CreateFetcher();

            var direct = await fetcher.FetchAsync(new Uri($"http://127.0.0.1:{otherPort}/"), TestContext.Current.CancellationToken);
            var redirected = await fetcher.FetchAsync(RedirectTo($"http://127.0.0.1:{otherPort}/x.png"), TestContext.Current.CancellationToken);

            AssertFailed(direct, ExternalImageFailure.AddressNotAllowed, AddressNotAllowed);
            AssertFailed(redirected, ExternalImageFailure.AddressNotAllowed, AddressNotAllowed);
            // The listener never accepts, so a connection would be waiting in its backlog.
            Assert.False(other.Pending());
        }
        finally
        {
            other.Stop();
        }
    }

    [Fact]
    public async Task Http_is_refused_unless_allowed()
    {
        using var fetcher = CreateFetcher(options => options.AllowHttp = false);
        var connectionsBefore = server.Connections;

        var result = await fetcher.FetchAsync(server.Url("/image.png"), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.AddressNotAllowed, AddressNotAllowed);
        Assert.Equal(connectionsBefore, server.Connections);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/x.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://127.0.0.1:70/")]
    [InlineData("ws://127.0.0.1/")]
    [InlineData("https://10.0.0.1/x.png")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/x.png")]
    [InlineData("https://[::ffff:127.0.0.1]/x.png")]
    [InlineData("https://[fe80::1%25eth0]/x.png")]
    [InlineData("https://2130706433/x.png")]        // 127.0.0.1 as one number
    [InlineData("https://0x7f.1/x.png")]            // 127.0.0.1 in hex shorthand
    [InlineData("https://user:secret@example.com/x.png")]
    public async Task Other_schemes_credentials_and_private_literals_are_refused_from_the_url(string address)
    {
        using var fetcher = CreateFetcher(options => options.AllowHttp = false);

        var result = await fetcher.FetchAsync(new Uri(address), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.AddressNotAllowed, AddressNotAllowed);
    }

    [Fact]
    public async Task A_relative_url_is_refused()
    {
        using var fetcher = CreateFetcher();

        var result = await fetcher.FetchAsync(new Uri("/x.png", UriKind.Relative), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.AddressNotAllowed, AddressNotAllowed);
    }

    [Fact]
    public async Task Userinfo_on_a_trusted_host_is_refused()
    {
        using var fetcher = CreateFetcher();

        var result = await fetcher.FetchAsync(new Uri($"http://user:secret@127.0.0.1:{server.Port}/image.png"), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.AddressNotAllowed, AddressNotAllowed);
    }

    [Fact]
    public async Task An_html_page_is_refused()
    {
        using var fetcher = CreateFetcher();

        var result = await fetcher.FetchAsync(server.Url("/page.html"), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.NotAnImage, "The address did not return an image");
    }

    [Theory]
    [InlineData("/html-as-png")]            // the header says PNG, the bytes are HTML
    [InlineData("/png-as-octet-stream")]    // the bytes are PNG, the header does not say so
    public async Task The_type_must_be_an_image_by_header_and_by_bytes(string path)
    {
        using var fetcher = CreateFetcher();

        var result = await fetcher.FetchAsync(server.Url(path), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.NotAnImage, "The address did not return an image");
    }

    [Fact]
    public async Task An_error_status_is_a_download_failure()
    {
        using var fetcher = CreateFetcher();

        var result = await fetcher.FetchAsync(server.Url("/missing.png"), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.DownloadFailed, "The image could not be downloaded (HTTP 404)");
    }

    [Fact]
    public async Task A_declared_length_above_the_limit_is_refused_before_reading()
    {
        using var fetcher = CreateFetcher();

        var result = await fetcher.FetchAsync(server.Url("/declared-large"), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.TooLarge, "The image is larger than 1.0 MB");
    }

    [Fact]
    public async Task An_endless_chunked_body_is_refused_after_reading_just_past_the_limit()
    {
        using var fetcher = CreateFetcher(options => options.MaxBytes = 256 * 1024);
        var sentBefore = server.BytesSent;

        var result = await fetcher.FetchAsync(server.Url("/endless"), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.TooLarge, "The image is larger than 0.3 MB");
        await server.EndlessBodyEnded.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        // The client read 256 KB + 1 byte and hung up. What the server sent beyond that is what the sockets'
        // buffers took in meanwhile: megabytes at most, against the half gigabyte it would have sent.
        var sent = server.BytesSent - sentBefore;
        Assert.True(sent < 16L * 1024 * 1024, $"the server sent {sent} bytes");
    }

    [Fact]
    public async Task A_server_slower_than_the_time_out_is_refused()
    {
        using var fetcher = CreateFetcher(options => options.Timeout = TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        var result = await fetcher.FetchAsync(server.Url("/slow"), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.TimedOut, "The image could not be downloaded in time");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task The_time_out_covers_the_body_too()
    {
        using var fetcher = CreateFetcher(options => options.Timeout = TimeSpan.FromMilliseconds(500));

        var result = await fetcher.FetchAsync(server.Url("/slow-body"), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.TimedOut, "The image could not be downloaded in time");
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_reported_as_a_time_out()
    {
        using var fetcher = CreateFetcher();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetcher.FetchAsync(server.Url("/slow"), cancellation.Token));
    }

    [Fact]
    public async Task A_closed_port_on_a_trusted_host_is_a_download_failure()
    {
        var closedPort = ClosedLoopbackPort();
        using var fetcher = CreateFetcher(options => options.TrustedHosts = [$"127.0.0.1:{server.Port}", $"127.0.0.1:{closedPort}"]);

        var result = await fetcher.FetchAsync(new Uri($"http://127.0.0.1:{closedPort}/x.png"), TestContext.Current.CancellationToken);

        AssertFailed(result, ExternalImageFailure.DownloadFailed, "The image could not be downloaded");
    }

    private ExternalImageFetcher CreateFetcher(Action<ExternalImageOptions>? configure = null)
    {
        var options = new ExternalImageOptions
        {
            AllowHttp = true,
            TrustedHosts = [$"127.0.0.1:{server.Port}"],
            MaxBytes = 1024 * 1024,
            Timeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return new ExternalImageFetcher(Options.Create(options), NullLogger<ExternalImageFetcher>.Instance);
    }

    private Uri RedirectTo(string target) => server.Url($"/redirect?to={Uri.EscapeDataString(target)}");

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void AssertFailed(ExternalImageResult result, ExternalImageFailure failure, string error)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(failure, result.Failure);
        Assert.Equal(error, result.Error);
    }
}
