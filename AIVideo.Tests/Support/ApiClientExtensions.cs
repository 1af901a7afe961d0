using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AIVideo.Tests.Support;

internal static class ApiClientExtensions
{
    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string code, string redirectUri = ApiFactory.GoogleRedirectUri) =>
        client.PostAsJsonAsync("/api/v1/auth/google", new { code, redirect_uri = redirectUri });

    /// <summary>Signs a person in through the Emulator's Google and returns the token pair.</summary>
    public static async Task<SignedIn> SignInAsDevAsync(this HttpClient client, string email, string? name = null)
    {
        var response = await client.SignInAsync(name is null ? $"dev:{email}" : $"dev:{email}:{name}");
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new SignedIn((string)body["access_token"]!, (string)body["refresh_token"]!);
    }

    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string path, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, string? bearer, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<string?> ReadDetailAsync(this HttpResponseMessage response) =>
        (string?)(await response.ReadJsonAsync())["detail"];
}

public sealed record SignedIn(string AccessToken, string RefreshToken);
