using System.Collections.Concurrent;
using System.Text.Json;

namespace AIVideo.Api.Auth;

/// <summary>
/// Answers a repeat of <c>POST /auth/google</c> (same code, redirect URI and client address, within
/// 60 s) with the first exchange's answer. The web frontend sends its sign-in several times in a
/// row; without this, every repeat after the first would fail at Google and use up an auth rate-
/// limit permit. Runs before the rate limiter, so a repeat costs no permit; a new code is a new
/// exchange, limited as before. Repeats in flight at once wait for the first, in this process and
/// (through Redis) on other replicas. Only answers that a second exchange would not change are
/// repeated: signed in (200), refused by Google (401), or taken by another account (409).
/// </summary>
internal sealed class SignInRepeatMiddleware(RequestDelegate next, SignInRepeats repeats, TimeProvider time)
{
    private const int MaxBodyBytes = 16 * 1024;

    private static readonly string s_path = $"{ApiRoutes.Prefix}/auth/google";

    private readonly ConcurrentDictionary<string, TaskCompletionSource<SignInAnswer?>> _inFlight = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != s_path
            || await ReadAttemptAsync(context) is not { } attempt)
        {
            await next(context);
            return;
        }

        var mine = new TaskCompletionSource<SignInAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _inFlight.GetOrAdd(attempt.Id, mine);
        if (first != mine)
        {
            if (await first.Task.WaitAsync(context.RequestAborted) is { } answer)
            {
                await WriteAsync(context, answer);
                return;
            }

            await next(context);
            return;
        }

        try
        {
            var answer = await repeats.FindAsync(attempt, context.RequestAborted);
            if (answer is null && !await repeats.TryStartAsync(attempt, context.RequestAborted))
            {
                answer = await repeats.WaitForAnswerAsync(attempt, time, context.RequestAborted);
            }

            if (answer is not null)
            {
                mine.SetResult(answer);
                await WriteAsync(context, answer);
                return;
            }

            var exchanged = await ExchangeAsync(context, attempt);
            mine.SetResult(exchanged);
        }
        finally
        {
            mine.TrySetResult(null);
            _inFlight.TryRemove(new KeyValuePair<string, TaskCompletionSource<SignInAnswer?>>(attempt.Id, mine));
        }
    }

    /// <summary>Runs the sign-in, sending its answer on and keeping it when it is one to repeat.</summary>
    private async Task<SignInAnswer?> ExchangeAsync(HttpContext context, SignInAttempt attempt)
    {
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
        var response = context.Response;
        if (response.StatusCode is not (StatusCodes.Status200OK or StatusCodes.Status401Unauthorized or StatusCodes.Status409Conflict))
        {
            // Not exchanged (invalid, rate limited) or failed on our side: a repeat may try for itself.
            await repeats.ForgetAsync(attempt, CancellationToken.None);
            return null;
        }

        var answer = new SignInAnswer(response.StatusCode, response.ContentType, response.Headers.WWWAuthenticate.ToString() is { Length: > 0 } challenge ? challenge : null, captured.ToArray());
        await repeats.SaveAsync(attempt, answer, CancellationToken.None);
        return answer;
    }

    private static async Task WriteAsync(HttpContext context, SignInAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        if (answer.Challenge is { } challenge)
        {
            context.Response.Headers.WWWAuthenticate = challenge;
        }

        await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
    }

    /// <summary>The code and redirect URI of a well-formed sign-in body; anything else goes to the endpoint to be refused there.</summary>
    private static async Task<SignInAttempt?> ReadAttemptAsync(HttpContext context)
    {
        if (context.Request.ContentLength is > MaxBodyBytes || context.Request.HasJsonContentType() is false)
        {
            return null;
        }

        context.Request.EnableBuffering(MaxBodyBytes, MaxBodyBytes);
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement is { ValueKind: JsonValueKind.Object } body
                && body.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString() is { Length: > 0 } codeText
                && body.TryGetProperty("redirect_uri", out var redirect) && redirect.ValueKind == JsonValueKind.String && redirect.GetString() is { Length: > 0 } redirectText
                    ? SignInAttempt.Of(codeText, redirectText, context.Connection.RemoteIpAddress?.ToString() ?? "unknown")
                    : null;
        }
        catch (Exception exception) when (exception is JsonException or IOException or BadHttpRequestException)
        {
            return null;
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
    }
}
