using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AIVideo.Chaos;

/// <summary>One person using the Api: signed in through the Emulator's Google (<c>dev:&lt;email&gt;</c>), with one uploaded reference image.</summary>
internal sealed class ChaosUser(HttpClient http, Uri api, string email, string accessToken, string referenceImage)
{
    // The PostgreSQL restart makes requests fail for a few seconds; a generate is retried past it.
    private static readonly TimeSpan s_retryFor = TimeSpan.FromSeconds(60);

    public string Email { get; } = email;

    /// <summary>The <c>file_path</c> of the user's upload, for <c>runway-gen3</c>, which starts from an image.</summary>
    public string ReferenceImage { get; } = referenceImage;

    public static async Task<ChaosUser> SignInAsync(HttpClient http, Uri api, string email, CancellationToken cancellationToken)
    {
        using var signIn = await http.PostAsJsonAsync(
            new Uri(api, "/api/v1/auth/google"), new { code = $"dev:{email}", redirect_uri = "http://localhost:3000/auth/callback" }, cancellationToken);
        var token = (string)(await ReadJsonAsync(signIn, "sign-in", cancellationToken))["access_token"]!;

        using var upload = new HttpRequestMessage(HttpMethod.Post, new Uri(api, "/api/v1/upload/image"));
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var image = new ByteArrayContent(ReferenceImagePng.Bytes);
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        upload.Content = new MultipartFormDataContent { { image, "file", "reference.png" } };
        using var uploaded = await http.SendAsync(upload, cancellationToken);
        var filePath = (string)(await ReadJsonAsync(uploaded, "upload", cancellationToken))["file_path"]!;
        return new ChaosUser(http, api, email, token, filePath);
    }

    /// <summary>
    /// Generates, retrying while the Api cannot answer. The Idempotency-Key makes a retry of a request whose
    /// answer was lost return the same video instead of charging a second one.
    /// </summary>
    public async Task<long> GenerateAsync(string prompt, string model, string idempotencyKey, CancellationToken cancellationToken)
    {
        var reference = model == "runway-gen3" ? ReferenceImage : null;
        var giveUp = DateTime.UtcNow + s_retryFor;
        while (true)
        {
            using var request = Request(HttpMethod.Post, "/api/v1/videos/generate");
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            request.Content = JsonContent.Create(new { prompt, model, reference_image_url = reference });
            var (status, body) = await TrySendAsync(request, cancellationToken);
            if (status == HttpStatusCode.Created)
            {
                return (long)body!["id"]!;
            }

            if (status is { } refused && (int)refused < 500 || DateTime.UtcNow > giveUp)
            {
                throw new InvalidOperationException($"Generate for {Email} answered {status?.ToString() ?? "nothing"}: {body?.ToJsonString()}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary><c>GET /api/v1/videos/{id}</c> as its owner: the video object with freshly signed media URLs.</summary>
    public async Task<(HttpStatusCode? Status, JsonObject? Video)> GetVideoAsync(long id, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"/api/v1/videos/{id}");
        return await TrySendAsync(request, cancellationToken);
    }

    /// <summary>A signed-in read as the frontend makes it (<c>/api/v1/auth/me</c>, a page of videos): its status and JSON body.</summary>
    public async Task<(HttpStatusCode? Status, JsonObject? Body)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path);
        return await TrySendAsync(request, cancellationToken);
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(api, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    /// <summary>The status and JSON body, or no status when the Api could not be reached or did not answer in time.</summary>
    private async Task<(HttpStatusCode? Status, JsonObject? Body)> TrySendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return (response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text)!.AsObject() : null);
        }
        catch (Exception exception) when (exception is HttpRequestException || exception is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, null);
        }
    }

    private static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text)!.AsObject()
            : throw new InvalidOperationException($"The {what} answered {(int)response.StatusCode}: {text}");
    }
}
