using System.Buffers.Binary;

namespace AIVideo.Worker.Jobs;

/// <summary>
/// A video's duration and coded size, read from its MP4 header (ISO/IEC 14496-12: <c>moov</c> →
/// <c>mvhd</c>, and the video track's <c>stsd</c> sample entry) without starting a process:
/// ffprobe costs about 100 ms of CPU per video, the pipeline's largest cost per job. Only the
/// header boxes are read, wherever <c>moov</c> sits in the file.
/// </summary>
internal static class Mp4Header
{
    // A moov of a few minutes of video is tens of KB; anything far larger is not a header we trust.
    private const long MaxMoovBytes = 16 * 1024 * 1024;

    /// <summary>(seconds, "WIDTHxHEIGHT") as ffprobe reports them, or null when the file is not an MP4 this reads.</summary>
    public static async Task<(int Duration, string Resolution)?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        if (await FindBoxAsync(file, "moov", file.Length, cancellationToken) is not { } moovLength || moovLength > MaxMoovBytes)
        {
            return null;
        }

        var moov = new byte[moovLength];
        await file.ReadExactlyAsync(moov, cancellationToken);
        return Parse(moov);
    }

    private static (int, string)? Parse(ReadOnlySpan<byte> moov)
    {
        int? duration = null;
        string? resolution = null;
        foreach (var (type, body) in Boxes(moov))
        {
            if (type == "mvhd")
            {
                duration = MovieSeconds(body);
            }
            else if (type == "trak" && resolution is null)
            {
                resolution = VideoTrackSize(body);
            }
        }

        return duration is { } seconds && resolution is { } size ? (seconds, size) : null;
    }

    /// <summary>mvhd: version 1 has 64-bit times; the duration is in units of the timescale.</summary>
    private static int? MovieSeconds(ReadOnlySpan<byte> mvhd)
    {
        if (mvhd.Length < 32)
        {
            return null;
        }

        var (timescale, duration) = mvhd[0] == 1
            ? (BinaryPrimitives.ReadUInt32BigEndian(mvhd[20..]), BinaryPrimitives.ReadUInt64BigEndian(mvhd[24..]))
            : (BinaryPrimitives.ReadUInt32BigEndian(mvhd[12..]), BinaryPrimitives.ReadUInt32BigEndian(mvhd[16..]));
        return timescale == 0 ? null : (int)Math.Round((double)duration / timescale);
    }

    /// <summary>trak → mdia: a 'vide' handler's first visual sample entry (mdia → minf → stbl → stsd) holds the coded size.</summary>
    private static string? VideoTrackSize(ReadOnlySpan<byte> trak)
    {
        var mdia = Child(trak, "mdia");
        var handler = Child(mdia, "hdlr");
        if (handler.Length < 12 || !handler.Slice(8, 4).SequenceEqual("vide"u8))
        {
            return null;
        }

        // stsd: version and flags (4), entry count (4), then the first entry: size (4), format (4),
        // reserved (6), data reference index (2), pre-defined and reserved (16), width (2), height (2).
        var stsd = Child(Child(Child(mdia, "minf"), "stbl"), "stsd");
        if (stsd.Length < 44)
        {
            return null;
        }

        var width = BinaryPrimitives.ReadUInt16BigEndian(stsd[40..]);
        var height = BinaryPrimitives.ReadUInt16BigEndian(stsd[42..]);
        return width > 0 && height > 0 ? $"{width}x{height}" : null;
    }

    private static ReadOnlySpan<byte> Child(ReadOnlySpan<byte> parent, string type)
    {
        foreach (var (childType, body) in Boxes(parent))
        {
            if (childType == type)
            {
                return body;
            }
        }

        return [];
    }

    /// <summary>The boxes directly inside <paramref name="data"/>, as (type, body); stops at the first malformed one.</summary>
    private static List<(string Type, byte[] Body)> Boxes(ReadOnlySpan<byte> data)
    {
        var boxes = new List<(string, byte[])>();
        var offset = 0;
        while (data.Length - offset >= 8)
        {
            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
            var type = System.Text.Encoding.ASCII.GetString(data.Slice(offset + 4, 4));
            var header = 8;
            if (size == 1 && data.Length - offset >= 16)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(data[(offset + 8)..]);
                header = 16;
            }
            else if (size == 0)
            {
                size = data.Length - offset;
            }

            if (size < header || size > data.Length - offset)
            {
                break;
            }

            boxes.Add((type, data.Slice(offset + header, (int)size - header).ToArray()));
            offset += (int)size;
        }

        return boxes;
    }

    /// <summary>Positions <paramref name="file"/> at the body of the first top-level box of <paramref name="type"/>; its length, or null.</summary>
    private static async Task<long?> FindBoxAsync(FileStream file, string type, long end, CancellationToken cancellationToken)
    {
        var header = new byte[16];
        while (end - file.Position >= 8)
        {
            await file.ReadExactlyAsync(header.AsMemory(0, 8), cancellationToken);
            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerLength = 8;
            if (size == 1)
            {
                await file.ReadExactlyAsync(header.AsMemory(8, 8), cancellationToken);
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = end - file.Position + 8;
            }

            var bodyStart = file.Position;
            var bodyLength = size - headerLength;
            if (bodyLength < 0 || bodyStart + bodyLength > end)
            {
                return null;
            }

            if (System.Text.Encoding.ASCII.GetString(header, 4, 4) == type)
            {
                return bodyLength;
            }

            file.Position = bodyStart + bodyLength;
        }

        return null;
    }
}
