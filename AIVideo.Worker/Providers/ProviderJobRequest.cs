using AIVideo.Core.Videos;

namespace AIVideo.Worker.Providers;

/// <summary>What to generate: the model (which carries provider kind, provider model name and endpoint) and the inputs.</summary>
internal sealed record ProviderJobRequest(VideoModel Model, string Prompt, ReferenceImage? Image = null);

/// <summary>A reference image as stored (JPEG, PNG or WebP); adapters resize it to what their provider demands.</summary>
internal sealed record ReferenceImage(ReadOnlyMemory<byte> Content, string ContentType);
