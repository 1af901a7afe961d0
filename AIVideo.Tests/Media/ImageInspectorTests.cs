using AIVideo.Core.Media;
using AIVideo.Tests.Support;
using SkiaSharp;

namespace AIVideo.Tests.Media;

public sealed class ImageInspectorTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, "image/jpeg")]
    [InlineData(SKEncodedImageFormat.Png, "image/png")]
    [InlineData(SKEncodedImageFormat.Webp, "image/webp")]
    public void A_real_image_gives_its_type_and_size(SKEncodedImageFormat format, string contentType)
    {
        var info = ImageInspector.Inspect(TestImages.Noise(37, 23, format));

        Assert.NotNull(info);
        Assert.Equal(contentType, info.Format.ContentType);
        Assert.Equal(37, info.Width);
        Assert.Equal(23, info.Height);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void A_truncated_image_is_refused(SKEncodedImageFormat format)
    {
        var image = TestImages.Noise(64, 64, format);

        Assert.Null(ImageInspector.Inspect(image.AsSpan(0, image.Length / 2)));
    }

    [Fact]
    public void A_png_header_followed_by_html_is_refused()
    {
        byte[] polyglot = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. TestImages.Text("<html><script>alert(document.cookie)</script></html>")];

        Assert.NotNull(ImageFormats.Detect(polyglot));
        Assert.Null(ImageInspector.Inspect(polyglot));
    }

    [Fact]
    public void A_jpeg_or_webp_signature_followed_by_anything_else_is_refused()
    {
        Assert.Null(ImageInspector.Inspect([0xFF, 0xD8, 0xFF, .. TestImages.Text("<html></html>")]));
        Assert.Null(ImageInspector.Inspect([.. "RIFF"u8, 0x20, 0, 0, 0, .. "WEBP"u8, .. TestImages.Text("<html></html>")]));
    }

    [Fact]
    public void Bytes_of_one_type_behind_the_signature_of_another_are_refused()
    {
        var webp = TestImages.Solid(8, 8, SKColors.Red, SKEncodedImageFormat.Webp);
        byte[] jpegSignatureThenWebp = [0xFF, 0xD8, 0xFF, .. webp];

        Assert.Null(ImageInspector.Inspect(jpegSignatureThenWebp));
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>not a photo</body></html>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>")]
    [InlineData("")]
    public void An_html_file_renamed_to_an_image_is_refused(string content) =>
        Assert.Null(ImageInspector.Inspect(TestImages.Text(content)));

    [Fact]
    public void A_gif_is_refused_although_it_decodes()
    {
        byte[] gif =
        [
            .. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF,
            0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
        ];
        using (var decoded = SKBitmap.Decode(gif))
        {
            Assert.NotNull(decoded);
        }

        Assert.Null(ImageInspector.Inspect(gif));
    }

    [Fact]
    public void A_decompression_bomb_is_refused_from_its_header()
    {
        // 100 000 × 100 000 RGBA would be 40 GB; the file is about a hundred bytes.
        Assert.Null(ImageInspector.Inspect(TestImages.PngDeclaring(100_000, 100_000)));
    }

    [Fact]
    public void The_pixel_limit_is_inclusive()
    {
        var image = TestImages.Solid(100, 50, SKColors.Green);

        Assert.NotNull(ImageInspector.Inspect(image, maxPixels: 5_000));
        Assert.Null(ImageInspector.Inspect(image, maxPixels: 4_999));
    }

    [Fact]
    public void The_size_is_upright_when_exif_says_the_photo_is_stored_rotated()
    {
        var sideways = TestImages.WithExifOrientation(TestImages.Solid(40, 20, SKColors.Red, SKEncodedImageFormat.Jpeg), orientation: 6);

        var info = ImageInspector.Inspect(sideways);

        Assert.NotNull(info);
        Assert.Equal((20, 40), (info.Width, info.Height));
    }
}
