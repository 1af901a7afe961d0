extern alias worker;

using AIVideo.Core.Media;
using AIVideo.Tests.Support;
using SkiaSharp;
using worker::AIVideo.Worker.Media;

namespace AIVideo.Tests.Media;

/// <summary>Images are decoded no larger than the caller needs: the bounded half of a decompression bomb's defence.</summary>
public sealed class ScaledDecodeTests
{
    [Fact]
    public void A_large_jpeg_is_decoded_at_the_smallest_eighth_that_covers_the_frame()
    {
        var photo = TestImages.Solid(4000, 3000, SKColors.Teal, SKEncodedImageFormat.Jpeg);

        Assert.True(ImageDecoder.TryDecode(photo, ImageDecoder.MaxPixels, 640, 360, out _, out var bitmap));

        // 1/8 (500×375) would not cover 640 wide; 2/8 does. A full decode would be 4000×3000.
        using (bitmap)
        {
            Assert.Equal((1000, 750), (bitmap.Width, bitmap.Height));
        }
    }

    [Fact]
    public void A_sideways_photo_is_scaled_to_cover_the_frame_once_upright()
    {
        // Stored 4000×2000, shown 2000×4000; a 720×1280 frame needs 2/8 of it upright (500×1000 would be too small).
        var sideways = TestImages.WithExifOrientation(TestImages.Solid(4000, 2000, SKColors.Teal, SKEncodedImageFormat.Jpeg), orientation: 6);

        Assert.True(ImageDecoder.TryDecode(sideways, ImageDecoder.MaxPixels, 720, 1280, out _, out var bitmap));

        using (bitmap)
        {
            Assert.Equal((750, 1500), (bitmap.Width, bitmap.Height));
        }
    }

    [Fact]
    public void A_large_image_still_resizes_to_exactly_the_frame()
    {
        var photo = TestImages.VerticalBands(4000, 3000, SKEncodedImageFormat.Jpeg, SKColors.Red, SKColors.Green, SKColors.Blue);

        var resized = ImageResizer.CoverResize(photo, 1280, 720, ResizedImageEncoding.Jpeg);

        using var decoded = TestImages.Decode(resized);
        Assert.Equal((1280, 720), (decoded.Width, decoded.Height));
        // The middle band is still green after the scaled decode and the crop.
        var middle = decoded.GetPixel(640, 360);
        Assert.True(middle.Green > middle.Red + 60 && middle.Green > middle.Blue + 60, $"The middle is {middle}, not green.");
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void A_large_image_is_checked_whole_and_measured(SKEncodedImageFormat format)
    {
        var image = TestImages.Solid(3000, 2000, SKColors.Teal, format);

        var info = ImageInspector.Inspect(image);

        Assert.NotNull(info);
        Assert.Equal((3000, 2000), (info.Width, info.Height));
    }
}
