using AIVideo.Core.Media;
using AIVideo.Tests.Support;
using SkiaSharp;

namespace AIVideo.Tests.Media;

public sealed class ImageFormatsTests
{
    public static TheoryData<string, string, string> Encoded => new()
    {
        { nameof(SKEncodedImageFormat.Jpeg), "image/jpeg", "jpg" },
        { nameof(SKEncodedImageFormat.Png), "image/png", "png" },
        { nameof(SKEncodedImageFormat.Webp), "image/webp", "webp" },
    };

    [Theory]
    [MemberData(nameof(Encoded))]
    public void A_real_image_is_recognised_by_its_magic_bytes(string skiaFormat, string contentType, string extension)
    {
        var image = TestImages.Solid(4, 3, SKColors.Blue, Enum.Parse<SKEncodedImageFormat>(skiaFormat));

        var format = ImageFormats.Detect(image);

        Assert.NotNull(format);
        Assert.Equal(contentType, format.ContentType);
        Assert.Equal(extension, format.Extension);
    }

    [Fact]
    public void The_signatures_alone_are_enough()
    {
        Assert.Same(ImageFormat.Jpeg, ImageFormats.Detect([0xFF, 0xD8, 0xFF]));
        Assert.Same(ImageFormat.Png, ImageFormats.Detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]));
        Assert.Same(ImageFormat.WebP, ImageFormats.Detect([.. "RIFF"u8, 0x12, 0x34, 0x56, 0x78, .. "WEBP"u8]));
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>hello</body></html>")]
    [InlineData("<html><script>alert(1)</script></html>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>")]
    [InlineData("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;")]
    [InlineData("GIF87a")]
    [InlineData("just some text in a file called photo.jpg")]
    [InlineData("RIFF\u0024\u0000\u0000\u0000WAVEfmt ")]
    [InlineData("RIFF\u0024\u0000\u0000\u0000WEB")]
    [InlineData("")]
    public void Anything_else_is_not_an_image(string content) =>
        Assert.Null(ImageFormats.Detect(TestImages.Text(content)));

    [Fact]
    public void A_truncated_signature_is_not_an_image()
    {
        Assert.Null(ImageFormats.Detect([0xFF, 0xD8]));
        Assert.Null(ImageFormats.Detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A]));
        Assert.Null(ImageFormats.Detect([]));
    }

    [Theory]
    [InlineData("image/png", "png")]
    [InlineData("IMAGE/JPEG", "jpg")]
    [InlineData("image/webp; charset=binary", "webp")]
    public void A_content_type_names_a_format(string contentType, string extension) =>
        Assert.Equal(extension, ImageFormats.FromContentType(contentType)?.Extension);

    [Theory]
    [InlineData("image/gif")]
    [InlineData("image/svg+xml")]
    [InlineData("text/html")]
    [InlineData("application/octet-stream")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_content_types_name_none(string? contentType) =>
        Assert.Null(ImageFormats.FromContentType(contentType));
}
