using System.Diagnostics.CodeAnalysis;
using AIVideo.Core.Media;

namespace AIVideo.Worker.Media;

/// <summary>Why an external image was not loaded.</summary>
internal enum ExternalImageFailure
{
    /// <summary>Not an absolute https URL, has credentials in it, or its host is or resolves to a non-public address.</summary>
    AddressNotAllowed,

    TooManyRedirects,

    TooLarge,

    TimedOut,

    /// <summary>The response was not a JPEG, PNG or WebP image (by Content-Type or by magic bytes).</summary>
    NotAnImage,

    /// <summary>The host answered with an error status, or the connection failed.</summary>
    DownloadFailed,
}

/// <summary>The image, or why there is none, in words fit to show the person who gave the URL.</summary>
internal sealed class ExternalImageResult
{
    private ExternalImageResult(byte[]? data, ImageFormat? format, ExternalImageFailure? failure, string? error)
    {
        Data = data;
        Format = format;
        Failure = failure;
        Error = error;
    }

    [MemberNotNullWhen(true, nameof(Data), nameof(Format))]
    [MemberNotNullWhen(false, nameof(Failure), nameof(Error))]
    public bool Succeeded => Data is not null;

    /// <summary>The body, at most <see cref="ExternalImageOptions.MaxBytes"/> long; only its magic bytes have been checked.</summary>
    public byte[]? Data { get; }

    /// <summary>The type from the magic bytes.</summary>
    public ImageFormat? Format { get; }

    public ExternalImageFailure? Failure { get; }

    /// <summary>A short reason, e.g. "The image address is not allowed".</summary>
    public string? Error { get; }

    public static ExternalImageResult Success(byte[] data, ImageFormat format) => new(data, format, null, null);

    public static ExternalImageResult Failed(ExternalImageFailure failure, string error) => new(null, null, failure, error);
}
