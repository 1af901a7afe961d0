using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AIVideo.Core.Hosting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AIVideo.Api.Auth;

/// <summary>
/// The outcomes of recent Google sign-ins, kept 60 s so that a repeat of the same request (same
/// code, redirect URI and client address) gets the first exchange's answer instead of a second
/// exchange, which Google refuses: a code is good once. Kept in Redis for every replica, encrypted
/// with a key derived from the code itself, so that reading Redis yields no tokens to anyone
/// without the code; and in process, should Redis be unavailable. See docs/sign-in-repeats.md.
/// </summary>
public sealed class SignInRepeats(RedisCalls redis, IMemoryCache memory, IOptions<SignInRepeatOptions> options)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private const string Exchanging = "exchanging";

    // Stored as nonce, tag, ciphertext.
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private string KeyPrefix => options.Value.KeyPrefix;

    /// <summary>A finished sign-in's answer, or one still being exchanged by another replica.</summary>
    public async Task<SignInAnswer?> FindAsync(SignInAttempt attempt, CancellationToken cancellationToken)
    {
        if (memory.TryGetValue(attempt.Id, out SignInAnswer? local))
        {
            return local;
        }

        var stored = await redis.TryAsync(r => r.GetDatabase().StringGetAsync(KeyPrefix + attempt.Id), cancellationToken);
        return stored is { Answered: true, Value: { HasValue: true } value } && value != Exchanging ? Decrypt(attempt, value!) : null;
    }

    /// <summary>
    /// Marks the attempt as being exchanged by this replica. False when another replica marked it
    /// first: its answer is then awaited (<see cref="WaitForAnswerAsync"/>).
    /// </summary>
    public async Task<bool> TryStartAsync(SignInAttempt attempt, CancellationToken cancellationToken)
    {
        var marked = await redis.TryAsync(r => r.GetDatabase().StringSetAsync(KeyPrefix + attempt.Id, Exchanging, Lifetime, When.NotExists), cancellationToken);
        return !marked.Answered || marked.Value;
    }

    /// <summary>The answer of an exchange another replica is making, once it has one (or null after a few seconds).</summary>
    public async Task<SignInAnswer?> WaitForAnswerAsync(SignInAttempt attempt, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(10); waited += TimeSpan.FromMilliseconds(100))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            if (await FindAsync(attempt, cancellationToken) is { } answer)
            {
                return answer;
            }
        }

        return null;
    }

    public async Task SaveAsync(SignInAttempt attempt, SignInAnswer answer, CancellationToken cancellationToken)
    {
        memory.Set(attempt.Id, answer, Lifetime);
        await redis.TryAsync(r => r.GetDatabase().StringSetAsync(KeyPrefix + attempt.Id, Encrypt(attempt, answer), Lifetime), cancellationToken);
    }

    /// <summary>Lets a later repeat make its own exchange (the first one ended without an answer worth repeating).</summary>
    public Task ForgetAsync(SignInAttempt attempt, CancellationToken cancellationToken) =>
        redis.TryAsync(r => r.GetDatabase().KeyDeleteAsync(KeyPrefix + attempt.Id), cancellationToken);

    private static byte[] Encrypt(SignInAttempt attempt, SignInAnswer answer)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(answer);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(attempt.SecretKey, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes));
        return sealedBytes;
    }

    private static SignInAnswer? Decrypt(SignInAttempt attempt, byte[] sealedBytes)
    {
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            return null;
        }

        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(attempt.SecretKey, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain);
            return JsonSerializer.Deserialize<SignInAnswer>(plain);
        }
        catch (Exception exception) when (exception is CryptographicException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>One sign-in request, identified without keeping its code: the id names it, the key opens its stored answer.</summary>
public sealed class SignInAttempt
{
    private SignInAttempt(string id, byte[] secretKey) => (Id, SecretKey) = (id, secretKey);

    public string Id { get; }

    public byte[] SecretKey { get; }

    public static SignInAttempt Of(string code, string redirectUri, string clientAddress) => new(
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"id\n{code}\n{redirectUri}\n{clientAddress}"))),
        SHA256.HashData(Encoding.UTF8.GetBytes($"key\n{code}\n{redirectUri}")));
}

/// <summary>What the sign-in answered, as sent: status, content type, the WWW-Authenticate challenge of a 401, and the body.</summary>
public sealed record SignInAnswer(int Status, string? ContentType, string? Challenge, byte[] Body);

/// <summary>Section <c>SignInRepeats</c>.</summary>
public sealed class SignInRepeatOptions
{
    public const string SectionName = "SignInRepeats";

    /// <summary>Where the answers live in Redis; every replica of one deployment shares it.</summary>
    [Required]
    public string KeyPrefix { get; set; } = "aivideo:signin:";
}
