using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using AIVideo.Core.Media;
using Microsoft.Extensions.Options;

namespace AIVideo.Worker.Media;

/// <summary>
/// Downloads a reference image from a URL a user gave, without letting that URL reach anything but the public
/// internet (SSRF): https only, public addresses only (checked when connecting, for every redirect), a size cap
/// enforced while streaming, a time-out for the whole fetch, and JPEG, PNG or WebP bytes only.
/// </summary>
internal sealed class ExternalImageFetcher : IDisposable
{
    private const string AddressNotAllowedMessage = "The image address is not allowed";
    private const string TimedOutMessage = "The image could not be downloaded in time";
    private const string NotAnImageMessage = "The address did not return an image";
    private const string TooManyRedirectsMessage = "The image address redirects too many times";

    private readonly ExternalImageOptions _options;
    private readonly TrustedHostList _trustedHosts;
    private readonly ILogger<ExternalImageFetcher> _logger;
    private readonly HttpClient _client;

    public ExternalImageFetcher(IOptions<ExternalImageOptions> options, ILogger<ExternalImageFetcher> logger)
    {
        _options = options.Value;
        _trustedHosts = new TrustedHostList(_options.TrustedHosts);
        _logger = logger;

        // Built here rather than through IHttpClientFactory: the service defaults give every factory client a
        // resilience handler (retries would multiply the time-out and re-fetch from a hostile host) and service
        // discovery (which would rewrite hosts); this client must talk to exactly the checked address, once.
        // Outgoing-request tracing still applies: it listens to every HttpClient.
        _client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = new PublicAddressConnector(_trustedHosts).ConnectAsync,
            // Through a proxy, the proxy would pick the address and the connect-time check would see only the proxy.
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            // A refused body is abandoned, not drained, so a hostile host gets no more reading than MaxBytes + 1.
            MaxResponseDrainSize = 0,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        })
        {
            // FetchAsync times the whole fetch, redirects included.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            // HTTP/3 runs over QUIC, which does not go through ConnectCallback: never ask for it.
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        _client.DefaultRequestHeaders.Accept.ParseAdd("image/jpeg, image/png, image/webp");
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("AIVideo", "1.0"));
    }

    /// <summary>
    /// Loads the image at <paramref name="address"/>. Expected refusals and failures (address, size, time-out, type,
    /// network errors) come back as a failed result; cancellation by <paramref name="cancellationToken"/> throws.
    /// </summary>
    public async Task<ExternalImageResult> FetchAsync(Uri address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await FollowRedirectsAsync(address, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ExternalImageResult.Failed(ExternalImageFailure.TimedOut, TimedOutMessage);
        }
        catch (HttpRequestException exception) when (IsAddressNotAllowed(exception))
        {
            _logger.LogInformation(exception, "Refused to connect to a non-public address for an external image");
            return ExternalImageResult.Failed(ExternalImageFailure.AddressNotAllowed, AddressNotAllowedMessage);
        }
        catch (Exception exception) when (exception is HttpRequestException or HttpIOException)
        {
            // The remote host is the user's choice: it being down or broken is an expected outcome, not our fault.
            _logger.LogInformation(exception, "Could not download an external image from {Host}", address.Host);
            return ExternalImageResult.Failed(ExternalImageFailure.DownloadFailed, "The image could not be downloaded");
        }
    }

    private async Task<ExternalImageResult> FollowRedirectsAsync(Uri address, CancellationToken cancellationToken)
    {
        var current = address;
        for (var redirects = 0; ; redirects++)
        {
            if (!IsAllowedAddress(current))
            {
                return ExternalImageResult.Failed(ExternalImageFailure.AddressNotAllowed, AddressNotAllowedMessage);
            }

            using var response = await _client.GetAsync(current, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!IsRedirect(response.StatusCode))
            {
                return await ReadImageAsync(response, cancellationToken);
            }

            if (redirects == _options.MaxRedirects)
            {
                return ExternalImageResult.Failed(ExternalImageFailure.TooManyRedirects, TooManyRedirectsMessage);
            }

            if (response.Headers.Location is not { } location)
            {
                return ExternalImageResult.Failed(ExternalImageFailure.NotAnImage, NotAnImageMessage);
            }

            current = location.IsAbsoluteUri ? location : new Uri(current, location);
        }
    }

    private async Task<ExternalImageResult> ReadImageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            return ExternalImageResult.Failed(
                ExternalImageFailure.DownloadFailed,
                $"The image could not be downloaded (HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)})");
        }

        if (ImageFormats.FromContentType(response.Content.Headers.ContentType?.MediaType) is null)
        {
            return ExternalImageResult.Failed(ExternalImageFailure.NotAnImage, NotAnImageMessage);
        }

        var declaredLength = response.Content.Headers.ContentLength;
        if (declaredLength > _options.MaxBytes)
        {
            return TooLarge();
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        if (await BoundedReader.ReadToEndAsync(body, _options.MaxBytes, declaredLength, cancellationToken) is not { } data)
        {
            return TooLarge();
        }

        // The Content-Type is the server's claim; the magic bytes are what a decoder will act on.
        return ImageFormats.Detect(data) is { } format
            ? ExternalImageResult.Success(data, format)
            : ExternalImageResult.Failed(ExternalImageFailure.NotAnImage, NotAnImageMessage);
    }

    /// <summary>
    /// What can be refused from the URL alone. Host names are checked when connecting (<see cref="PublicAddressConnector"/>);
    /// literal addresses are checked here too, so that they are refused before any request is made.
    /// </summary>
    private bool IsAllowedAddress(Uri address)
    {
        if (!address.IsAbsoluteUri
            || !(address.Scheme == Uri.UriSchemeHttps || (_options.AllowHttp && address.Scheme == Uri.UriSchemeHttp))
            || address.UserInfo.Length > 0)
        {
            return false;
        }

        return address.HostNameType switch
        {
            UriHostNameType.Dns => true,
            // Uri has already turned shorthands like 2130706433 or 0x7f.1 into 127.0.0.1, and dropped any IPv6 scope.
            UriHostNameType.IPv4 or UriHostNameType.IPv6 =>
                NetworkAddressPolicy.IsPublic(IPAddress.Parse(address.Host.TrimStart('[').TrimEnd(']')))
                || _trustedHosts.Contains(address.Host, address.Port),
            _ => false,
        };
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool IsAddressNotAllowed(Exception exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is AddressNotAllowedException)
            {
                return true;
            }
        }

        return false;
    }

    private ExternalImageResult TooLarge() => ExternalImageResult.Failed(
        ExternalImageFailure.TooLarge,
        $"The image is larger than {(_options.MaxBytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture)} MB");

    public void Dispose() => _client.Dispose();
}
