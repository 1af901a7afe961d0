namespace AIVideo.Worker.Media;

internal static class BoundedReader
{
    /// <summary>
    /// Reads <paramref name="stream"/> to its end, or returns null as soon as it has more than <paramref name="maxBytes"/>.
    /// Never asks the stream for more than <paramref name="maxBytes"/> + 1 bytes in all, the one extra byte telling
    /// "too large" from "exactly at the limit".
    /// </summary>
    public static async Task<byte[]?> ReadToEndAsync(Stream stream, int maxBytes, long? expectedLength, CancellationToken cancellationToken)
    {
        var limit = maxBytes + 1;
        // One byte past the expected length, so the end of the body is seen without growing the buffer.
        var buffer = new byte[(int)Math.Min(limit, Math.Max(expectedLength ?? 64 * 1024, 0) + 1)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total == limit)
                {
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min(limit, buffer.Length * 2L));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                return total == buffer.Length ? buffer : buffer[..total];
            }

            total += read;
        }
    }
}
