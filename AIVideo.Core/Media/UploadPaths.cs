using System.Text.RegularExpressions;

namespace AIVideo.Core.Media;

/// <summary>The public path of an upload is <c>/uploads/</c> + its blob name (<c>user_{id}/{uuid}.{ext}</c>).</summary>
public static partial class UploadPaths
{
    public const string Prefix = "/uploads/";

    public static string FilePath(string blobName) => Prefix + blobName;

    /// <summary>
    /// The only shape a served name can have; anything else (traversal, encoded separators, other
    /// extensions) is refused before storage is asked.
    /// </summary>
    public static bool IsWellFormed(string owner, string name) => OwnerPattern().IsMatch(owner) && NamePattern().IsMatch(name);

    /// <summary>A safe display name from the client's file name: no path, no control characters, bounded.</summary>
    public static string CleanFileName(string? fileName, string extension)
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        if (name.Length == 0)
        {
            return $"upload.{extension}";
        }

        return name.Length <= 255 ? name : name[..255];
    }

    [GeneratedRegex("^user_[1-9][0-9]{0,18}$")]
    private static partial Regex OwnerPattern();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(jpg|png|webp)$")]
    private static partial Regex NamePattern();
}
