using System.Buffers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace AIVideo.Api.Uploads;

/// <summary>
/// Reads the one file field of a <c>multipart/form-data</c> request while it streams in, keeping
/// at most the given limit + 1 bytes (in pooled buffers): an oversize file is refused as soon as
/// it passes the limit, never held whole.
/// </summary>
internal static class MultipartFileReader
{
    private const int InitialBufferBytes = 256 * 1024;

    public static async Task<MultipartFileResult> ReadAsync(HttpRequest request, string fieldName, int maxFileBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return MultipartFileResult.Missing;
        }

        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.IsFileDisposition()
                    && HeaderUtilities.RemoveQuotes(disposition.Name).Equals(fieldName, StringComparison.Ordinal))
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    return await ReadBoundedAsync(section.Body, fileName, maxFileBytes, cancellationToken);
                }
            }

            return MultipartFileResult.Missing;
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own request limit tripped first.
            return MultipartFileResult.TooLarge;
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            // A malformed multipart body (bad boundary, oversize part headers, empty, or cut off
            // before its closing boundary) carries no usable file.
            return MultipartFileResult.Missing;
        }
    }

    private static async Task<MultipartFileResult> ReadBoundedAsync(Stream body, string? fileName, int maxFileBytes, CancellationToken cancellationToken)
    {
        byte[]? buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length, maxFileBytes);
                }

                // Never ask for more than one byte past the limit: that byte is the proof of "too large".
                var read = await body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxFileBytes + 1) - length), cancellationToken);
                if (read == 0)
                {
                    var content = new PooledBytes(buffer, length);
                    buffer = null;
                    return new MultipartFileResult(MultipartFileStatus.Read, fileName, content);
                }

                length += read;
                if (length > maxFileBytes)
                {
                    return MultipartFileResult.TooLarge;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static byte[] Grow(byte[] buffer, int length, int maxFileBytes)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxFileBytes + 1));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}

internal enum MultipartFileStatus
{
    Read,
    Missing,
    TooLarge,
}

internal sealed record MultipartFileResult(MultipartFileStatus Status, string? FileName, PooledBytes? Content)
{
    public static readonly MultipartFileResult Missing = new(MultipartFileStatus.Missing, null, null);
    public static readonly MultipartFileResult TooLarge = new(MultipartFileStatus.TooLarge, null, null);
}

/// <summary>Bytes in a rented array; return it with <see cref="Dispose"/>.</summary>
internal sealed class PooledBytes(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ReadOnlyMemory<byte> Memory => _buffer is null ? throw new ObjectDisposedException(nameof(PooledBytes)) : _buffer.AsMemory(0, length);

    public int Length => length;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
