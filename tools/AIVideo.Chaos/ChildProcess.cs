using System.ComponentModel;
using System.Diagnostics;
using AIVideo.LocalInfrastructure;

namespace AIVideo.Chaos;

/// <summary>
/// A program the run started, its output appended to a log file of its own. It runs in a session of
/// its own (<c>setsid</c>, which execs, so the process is the program itself): a Ctrl-C in the terminal
/// reaches only the run, which then stops everything in order, the services before the databases.
/// </summary>
internal sealed class ChildProcess
{
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ChildProcess Start(string name, LocalCommand command, string workingDirectory, string logFile, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("setsid", [command.FileName, .. command.ArgumentStrings])
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };

        // Only what the run sets: a developer's exported connection strings or telemetry endpoint must not leak in.
        foreach (var key in start.Environment.Keys.Where(key => key.Contains("__", StringComparison.Ordinal) || key.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        log.WriteLine($"=== {DateTime.UtcNow:HH:mm:ss.fff} start {name}: {command.FileName} {string.Join(' ', command.ArgumentStrings)}");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, log);
        process.Exited += (_, _) => ChildRegistry.Remove(child);
        process.OutputDataReceived += (_, e) => child.Write(e.Data);
        process.ErrorDataReceived += (_, e) => child.Write(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"{name} could not be started ({command.FileName}): {exception.Message}", exception);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        ChildRegistry.Add(child);
        return child;
    }

    /// <summary>SIGKILL, as a crash or an evicted container would end it: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        Write($"=== {DateTime.UtcNow:HH:mm:ss.fff} SIGKILL");
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        await WaitForExitAsync(s_stopTimeout);
        ChildRegistry.Remove(this);
    }

    /// <summary>Asks it to stop with <paramref name="signal"/> (TERM, or INT for PostgreSQL's fast shutdown), then kills it if it lingers.</summary>
    public async Task StopAsync(string signal = "TERM")
    {
        if (!_process.HasExited)
        {
            Write($"=== {DateTime.UtcNow:HH:mm:ss.fff} SIG{signal}");
            using (var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                await kill!.WaitForExitAsync();
            }

            if (!await WaitForExitAsync(s_stopTimeout))
            {
                await KillAsync();
            }
        }

        ChildRegistry.Remove(this);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>At exit, when nothing can be awaited any more.</summary>
    public void KillNow()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logGate)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after the run closed its logs.
            }
        }
    }
}
