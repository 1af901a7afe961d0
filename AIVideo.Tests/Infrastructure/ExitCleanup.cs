using System.Runtime.InteropServices;

namespace AIVideo.Tests.Infrastructure;

/// <summary>
/// Safety net for servers the test run started: when the test process exits without disposing its fixtures
/// (a fixture that threw, or SIGTERM from a CI timeout), the registered actions still stop them.
/// Nothing can run on SIGKILL, so that case can leave servers behind.
/// </summary>
internal static class ExitCleanup
{
    private const int ExitCodeForSigterm = 128 + 15;

    // Delegates compare equal by target and method, so a method group unregisters the one that registered it.
    private static readonly HashSet<Action> _actions = [];
    private static readonly Lock _gate = new();

    // Kept in a field: the handler lives only as long as its registration.
    private static PosixSignalRegistration? _sigterm;

    public static void Register(Action cleanup)
    {
        lock (_gate)
        {
            if (_sigterm is null)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAll();

                // Since .NET 10 a SIGTERM kills the process without raising ProcessExit; turn it back into an exit that does.
                _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Environment.Exit(ExitCodeForSigterm));
            }

            _actions.Add(cleanup);
        }
    }

    public static void Unregister(Action cleanup)
    {
        lock (_gate)
        {
            _actions.Remove(cleanup);
        }
    }

    private static void RunAll()
    {
        Action[] actions;
        lock (_gate)
        {
            actions = [.. _actions];
            _actions.Clear();
        }

        foreach (var action in actions)
        {
            action();
        }
    }
}
