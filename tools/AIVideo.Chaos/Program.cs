using System.Runtime.InteropServices;
using AIVideo.Chaos;

// The fault-injection run (scripts/chaos.sh builds this and runs it). Exit code: 0 when every
// check holds, 1 when one does not, 2 when the run itself could not be carried out, 130 on Ctrl-C.
ChaosSettings settings;
try
{
    settings = ChaosSettings.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

using var cancellation = new CancellationTokenSource();
void Cancel(PosixSignalContext context)
{
    // Handled here: the run stops what it started, in order, before it exits.
    context.Cancel = true;
    Console.WriteLine($"{context.Signal}: stopping the run");
    cancellation.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);

// Whatever the orderly stop did not reach (an exception in the stop itself) dies with the run.
AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildRegistry.KillAll();

try
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
    return await new ChaosRun(settings, http).RunAsync(cancellation.Token) ? 0 : 1;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    return 130;
}
catch (Exception exception)
{
    Console.Error.WriteLine($"The chaos run could not be carried out: {exception}");
    return 2;
}
finally
{
    ChildRegistry.KillAll();
}
