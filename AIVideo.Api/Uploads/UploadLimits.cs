namespace AIVideo.Api.Uploads;

public static class UploadLimits
{
    /// <summary>The contract's 10.0 MB, in bytes.</summary>
    public const int MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>A whole multipart request may carry the file plus its part headers and boundaries.</summary>
    public const long MaxRequestBytes = MaxFileBytes + (256 * 1024);

    public const string TooLargeMessage = "File too large. Maximum size: 10.0 MB";

    public const string InvalidTypeMessage = "Invalid file type. Allowed types: image/jpeg, image/png, image/webp";
}
