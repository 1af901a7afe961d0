extern alias worker;

using AIVideo.Core.Media;
using AIVideo.Tests.Support;
using SkiaSharp;
using worker::AIVideo.Worker.Media;

namespace AIVideo.Tests.Media;

public sealed class ImageResizerTests
{
    public static TheoryData<int, int, int, int, ResizedImageEncoding> Sizes
    {
        get
        {
            var data = new TheoryData<int, int, int, int, ResizedImageEncoding>();
            foreach (var encoding in Enum.GetValues<ResizedImageEncoding>())
            {
                data.Add(1000, 300, 1280, 720, encoding);   // wider than the target
                data.Add(300, 1000, 1280, 720, encoding);   // taller than the target
                data.Add(40, 30, 1280, 720, encoding);      // smaller in both directions
                data.Add(1280, 720, 1280, 720, encoding);   // already the size
                data.Add(1600, 900, 720, 1280, encoding);   // landscape into portrait
                data.Add(2000, 1500, 99, 101, encoding);    // odd sizes, far below half scale
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void The_output_is_exactly_the_requested_size(int sourceWidth, int sourceHeight, int width, int height, ResizedImageEncoding encoding)
    {
        var source = TestImages.VerticalBands(sourceWidth, sourceHeight, SKEncodedImageFormat.Png, SKColors.Red, SKColors.Green, SKColors.Blue);

        var resized = ImageResizer.CoverResize(source, width, height, encoding);

        var info = ImageInspector.Inspect(resized);
        Assert.NotNull(info);
        Assert.Equal((width, height), (info.Width, info.Height));
        Assert.Equal(encoding == ResizedImageEncoding.Jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, TestImages.EncodedFormat(resized));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void Jpeg_and_webp_inputs_are_resized_too(SKEncodedImageFormat format)
    {
        var resized = ImageResizer.CoverResize(TestImages.Noise(120, 80, format), 64, 64, ResizedImageEncoding.Png);

        Assert.Equal((64, 64), Size(resized));
    }

    [Theory]
    [InlineData(ResizedImageEncoding.Png)]
    [InlineData(ResizedImageEncoding.Jpeg)]
    public void A_wide_image_is_cropped_to_its_middle(ResizedImageEncoding encoding)
    {
        // Thirds red | green | red: covering a square keeps exactly the green middle third, so even the corners are
        // green; a crop anchored to either side would show red there.
        var source = TestImages.VerticalBands(600, 200, SKEncodedImageFormat.Png, SKColors.Red, SKColors.Lime, SKColors.Red);

        using var resized = TestImages.Decode(ImageResizer.CoverResize(source, 64, 64, encoding));

        foreach (var (x, y) in new[] { (32, 32), (0, 0), (63, 0), (0, 63), (63, 63) })
        {
            AssertGreen(resized.GetPixel(x, y), $"pixel ({x}, {y})");
        }
    }

    [Theory]
    [InlineData(ResizedImageEncoding.Png)]
    [InlineData(ResizedImageEncoding.Jpeg)]
    public void A_tall_image_is_cropped_to_its_middle(ResizedImageEncoding encoding)
    {
        // Upscaled twice (cubic sampling), unlike the wide case (mipmaps). The cubic filter reaches 2 source pixels
        // (4 output pixels) beyond the crop, as resampling the whole picture should, so the corners are checked
        // 4 pixels in.
        var source = TestImages.HorizontalBands(60, 180, SKEncodedImageFormat.Png, SKColors.Red, SKColors.Lime, SKColors.Red);

        using var resized = TestImages.Decode(ImageResizer.CoverResize(source, 120, 120, encoding));

        foreach (var (x, y) in new[] { (60, 60), (4, 4), (115, 4), (4, 115), (115, 115) })
        {
            AssertGreen(resized.GetPixel(x, y), $"pixel ({x}, {y})");
        }
    }

    [Fact]
    public void Transparency_becomes_white_in_a_jpeg()
    {
        using var resized = TestImages.Decode(ImageResizer.CoverResize(TestImages.Transparent(10, 10), 20, 20, ResizedImageEncoding.Jpeg));

        var pixel = resized.GetPixel(10, 10);
        Assert.True(pixel is { Red: > 245, Green: > 245, Blue: > 245 }, $"expected white, got {pixel}");
    }

    [Fact]
    public void A_photo_stored_sideways_is_resized_upright()
    {
        // Stored 40×20 red | blue with EXIF orientation 6: viewed, it is 20×40 with red on top.
        var sideways = TestImages.WithExifOrientation(
            TestImages.VerticalBands(40, 20, SKEncodedImageFormat.Jpeg, SKColors.Red, SKColors.Blue), orientation: 6);

        using var resized = TestImages.Decode(ImageResizer.CoverResize(sideways, 20, 40, ResizedImageEncoding.Png));

        Assert.True(resized.GetPixel(10, 5) is { Red: > 200, Blue: < 60 }, $"top should be red, got {resized.GetPixel(10, 5)}");
        Assert.True(resized.GetPixel(10, 35) is { Blue: > 200, Red: < 60 }, $"bottom should be blue, got {resized.GetPixel(10, 35)}");
    }

    [Fact]
    public void Jpeg_quality_changes_the_size_of_the_output()
    {
        var source = TestImages.Noise(200, 200, SKEncodedImageFormat.Png);

        var low = ImageResizer.CoverResize(source, 100, 100, ResizedImageEncoding.Jpeg, jpegQuality: 20);
        var high = ImageResizer.CoverResize(source, 100, 100, ResizedImageEncoding.Jpeg, jpegQuality: 95);

        Assert.True(low.Length < high.Length, $"quality 20 gave {low.Length} bytes, quality 95 gave {high.Length}");
    }

    [Fact]
    public void Bytes_that_are_not_an_image_are_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => ImageResizer.CoverResize(TestImages.Text("<html></html>"), 10, 10, ResizedImageEncoding.Png));
        Assert.Throws<ArgumentException>(() => ImageResizer.CoverResize(TestImages.PngDeclaring(100_000, 100_000), 10, 10, ResizedImageEncoding.Png));
    }

    [Theory]
    [InlineData(0, 10, 90)]
    [InlineData(10, -1, 90)]
    [InlineData(10, 10, 0)]
    [InlineData(10, 10, 101)]
    [InlineData(ImageResizer.MaxSide + 1, 10, 90)]
    public void Out_of_range_arguments_are_refused(int width, int height, int quality) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ImageResizer.CoverResize(TestImages.Solid(4, 4, SKColors.Red), width, height, ResizedImageEncoding.Jpeg, quality));

    [Theory]
    [InlineData("1280x720", 1280, 720)]
    [InlineData("720x1280", 720, 1280)]
    [InlineData(" 1024X1024 ", 1024, 1024)]
    [InlineData("1x8192", 1, 8192)]
    public void A_size_parses(string text, int width, int height) =>
        Assert.Equal((width, height), ImageResizer.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("1280")]
    [InlineData("1280x")]
    [InlineData("x720")]
    [InlineData("1280x720x3")]
    [InlineData("1280*720")]
    [InlineData("-1280x720")]
    [InlineData("+1280x720")]
    [InlineData("0x720")]
    [InlineData("1280x8193")]
    [InlineData("1280 x 720")]
    [InlineData("1,280x720")]
    [InlineData("99999999999x1")]
    public void A_malformed_size_is_an_argument_error(string text) =>
        Assert.Throws<ArgumentException>(() => ImageResizer.ParseSize(text));

    private static (int Width, int Height) Size(byte[] image)
    {
        using var bitmap = TestImages.Decode(image);
        return (bitmap.Width, bitmap.Height);
    }

    private static void AssertGreen(SKColor pixel, string where) =>
        Assert.True(pixel is { Green: > 200, Red: < 60, Blue: < 60 }, $"{where} should be green, got {pixel}");
}
