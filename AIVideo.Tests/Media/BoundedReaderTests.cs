extern alias worker;

using worker::AIVideo.Worker.Media;

namespace AIVideo.Tests.Media;

public sealed class BoundedReaderTests
{
    [Theory]
    [InlineData(0, null)]
    [InlineData(1, null)]
    [InlineData(999, null)]
    [InlineData(1000, null)]
    [InlineData(1000, 1000L)]
    [InlineData(500, 1000L)]
    [InlineData(1000, 10L)]
    public async Task A_body_up_to_the_limit_is_read_whole(int length, long? declaredLength)
    {
        var body = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        using var stream = new MemoryStream(body);

        var data = await BoundedReader.ReadToEndAsync(stream, maxBytes: 1000, declaredLength, TestContext.Current.CancellationToken);

        Assert.Equal(body, data);
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(1000, null)]
    [InlineData(1000, 1000L)]
    [InlineData(64 * 1024, null)]
    public async Task An_endless_body_is_read_only_one_byte_past_the_limit(int maxBytes, long? declaredLength)
    {
        using var stream = new EndlessStream();

        var data = await BoundedReader.ReadToEndAsync(stream, maxBytes, declaredLength, TestContext.Current.CancellationToken);

        Assert.Null(data);
        Assert.Equal(maxBytes + 1L, stream.BytesRead);
    }

    /// <summary>Never ends, and counts what was asked of it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill(0x42);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
