using System.Globalization;

namespace Engine.LoadTool;

/// <summary>
/// CPU time and peak resident memory of another process (the server under load), read from /proc so
/// that Engine and VictoriaMetrics are measured the same way.
/// </summary>
internal static class ProcessFigures
{
    /// <summary>Clock ticks per second of /proc/PID/stat times: USER_HZ, 100 on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU seconds the process has used since it started.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces; fields after its closing parenthesis start at field 3.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        const int UserTime = 14 - 3, SystemTime = 15 - 3;
        return (long.Parse(fields[UserTime], CultureInfo.InvariantCulture) + long.Parse(fields[SystemTime], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>The process's peak resident set size in bytes (VmHWM), since it started.</summary>
    public static long PeakRssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmHWM line");
    }
}
