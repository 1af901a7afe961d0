using System.Globalization;

namespace AIVideo.Chaos;

/// <summary>
/// Every program of the run that still runs, also in a file (<c>children.pid</c>: PID and start time), so
/// that the next run can stop what a run killed with SIGKILL left behind before it reuses the data folder.
/// </summary>
internal static class ChildRegistry
{
    private static readonly List<ChildProcess> s_children = [];
    private static readonly Lock s_gate = new();
    private static string? s_file;

    /// <summary>Stops the leftovers named in <paramref name="file"/>, then records this run's children there.</summary>
    public static void UseFile(string file)
    {
        if (File.Exists(file))
        {
            foreach (var line in File.ReadAllLines(file))
            {
                if (line.Split(' ') is [var pid, var started, ..] && StartTime(pid) == started)
                {
                    Console.WriteLine($"Stopping process {pid}, left over from a run that was killed");
                    try
                    {
                        System.Diagnostics.Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture)).Kill();
                    }
                    catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
                    {
                        // It ended meanwhile.
                    }
                }
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        s_file = file;
        Save();
    }

    public static void Add(ChildProcess child)
    {
        lock (s_gate)
        {
            s_children.Add(child);
            Save();
        }
    }

    public static void Remove(ChildProcess child)
    {
        lock (s_gate)
        {
            s_children.Remove(child);
            Save();
        }
    }

    /// <summary>The last resort at exit: whatever the orderly stop did not reach is killed.</summary>
    public static void KillAll()
    {
        lock (s_gate)
        {
            foreach (var child in s_children)
            {
                child.KillNow();
            }

            s_children.Clear();
            Save();
        }
    }

    private static void Save()
    {
        if (s_file is null)
        {
            return;
        }

        var lines = s_children.Select(child => $"{child.Id} {StartTime(child.Id.ToString(CultureInfo.InvariantCulture))} {child.Name}");
        File.WriteAllLines(s_file, lines);
    }

    /// <summary>Field 22 of /proc/PID/stat: with the PID it names one process for good (PIDs are reused).</summary>
    private static string? StartTime(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ') is { Length: > 19 } fields ? fields[19] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
