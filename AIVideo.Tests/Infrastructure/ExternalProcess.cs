using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AIVideo.Tests.Support;

namespace AIVideo.Tests.Infrastructure;

/// <summary>
/// A child process started for the tests: its output is kept (the last lines only) so that a failure can say
/// why, and disposing it kills it with all its children.
/// </summary>
internal sealed class ExternalProcess : IAsyncDisposable
{
    private const int _maxOutputLines = 200;
    private static readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan _exitTimeout = TimeSpan.FromSeconds(10);

    private readonly string _name;
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Lock _outputGate = new();

    private ExternalProcess(string name, Process process)
    {
        _name = name;
        _process = process;
    }

    /// <summary>Starts a process that runs until disposed; <paramref name="installHint"/> says how to get it when it is missing.</summary>
    public static ExternalProcess Start(string name, ProcessStartInfo startInfo, string installHint)
    {
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        var process = new Process { StartInfo = startInfo };
        var external = new ExternalProcess(name, process);
        process.OutputDataReceived += (_, e) => external.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => external.Capture(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"{name} not found ({startInfo.FileName}: {e.Message}): {installHint}", e);
        }

        ExitCleanup.Register(external.Kill);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return external;
    }

    /// <summary>Runs a command to completion, failing with its output when it exits non-zero or times out.</summary>
    public static async Task RunAsync(string name, ProcessStartInfo startInfo, string installHint, TimeSpan timeout)
    {
        await using var process = Start(name, startInfo, installHint);
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process._process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw process.Failure($"did not finish within {timeout.TotalSeconds:0} s");
        }

        if (process._process.ExitCode != 0)
        {
            throw process.Failure($"exited with code {process._process.ExitCode}");
        }
    }

    /// <summary>
    /// Runs a command synchronously and ignores failures: for <see cref="ExitCleanup"/>, where there is nobody
    /// left to report to and async continuations may no longer run.
    /// </summary>
    public static void RunBestEffort(ProcessStartInfo startInfo, TimeSpan timeout)
    {
        try
        {
            using var process = Process.Start(startInfo);
            process?.WaitForExit(timeout);
        }
        catch (Win32Exception)
        {
            // The command is missing; there is nothing better to do at exit.
        }
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        // A refused connection is retried until the bound, unless the process has exited: then at once,
        // and either way the failure carries the process's own output.
        try
        {
            await Eventually.RetryAsync(() => ConnectAsync(port), exception => exception is SocketException && !_process.HasExited, timeout, _pollInterval);
        }
        catch (SocketException)
        {
            if (_process.HasExited)
            {
                // Exit can be seen before the last output lines are read, and those usually say why.
                await WaitForExitAsync();
                throw Failure($"exited with code {_process.ExitCode} before listening on port {port}");
            }

            throw Failure($"did not listen on port {port} within {timeout.TotalSeconds:0} s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        ExitCleanup.Unregister(Kill);
        Kill();
        await WaitForExitAsync();
        _process.Dispose();
    }

    private static async Task ConnectAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
    }

    /// <summary>Waits for the exit and the end of its output, but not forever: a lingering process must not hang the run.</summary>
    private async Task WaitForExitAsync()
    {
        using var cancellation = new CancellationTokenSource(_exitTimeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            // Give up waiting; the caller goes on with what it has.
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputGate)
        {
            _output.Enqueue(line);
            if (_output.Count > _maxOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited (or already disposed by a racing cleanup).
        }
    }

    /// <summary>The last lines the process wrote to stdout and stderr.</summary>
    private string Output
    {
        get
        {
            lock (_outputGate)
            {
                return string.Join('\n', _output);
            }
        }
    }

    private InvalidOperationException Failure(string reason) =>
        new($"{_name} {reason}. Its output:\n{Output}");
}
