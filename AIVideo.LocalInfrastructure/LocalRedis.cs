namespace AIVideo.LocalInfrastructure;

/// <summary>
/// redis-server on 127.0.0.1 with persistence off: the project uses Redis as a cache, a rate-limit
/// counter and a message bus, none of which must survive a restart.
/// </summary>
public static class LocalRedis
{
    public static LocalCommand Server(object port, string workingDirectory) =>
        new("redis-server", ["--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workingDirectory]);
}
