namespace AIVideo.Api;

public static class ApiRoutes
{
    /// <summary>Every REST endpoint of the contract lives under this prefix.</summary>
    public const string Prefix = "/api/v1";
}
