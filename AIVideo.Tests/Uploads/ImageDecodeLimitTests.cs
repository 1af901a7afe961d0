using System.Net;
using System.Net.Http.Headers;
using AIVideo.Core.Media;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using SkiaSharp;

namespace AIVideo.Tests.Uploads;

/// <summary>Image checks wait for one of the process's few decode slots, so a burst of uploads cannot decode all at once.</summary>
public sealed class ImageDecodeLimitTests(TestServices services) : ApiTestBase(services)
{
    [Fact]
    public async Task Validation_waits_while_every_decode_slot_is_taken_and_answers_once_one_frees()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var held = new List<IDisposable>();
        Task<HttpResponseMessage> validating;
        try
        {
            for (var i = 0; i < ImageWorkGate.MaxConcurrentDecodes; i++)
            {
                held.Add(await ImageWorkGate.EnterAsync(cancellation));
            }

            var file = new ByteArrayContent(TestImages.Solid(64, 48, SKColors.SteelBlue, SKEncodedImageFormat.Jpeg));
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            using var form = new MultipartFormDataContent { { file, "file", "photo.jpg" } };
            validating = Client.PostAsync(new Uri("/api/v1/upload/validate", UriKind.Relative), form, cancellation);

            await Eventually.UntilAsync(
                () => Task.FromResult(ImageWorkGate.Waiting > 0),
                TimeSpan.FromSeconds(30),
                "the validation never waited for a decode slot");
            Assert.False(validating.IsCompleted, "The validation answered while every decode slot was held.");
        }
        finally
        {
            held.ForEach(slot => slot.Dispose());
        }

        var response = await validating;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
