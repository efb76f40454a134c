using System.Globalization;

/// <summary>A process's own CPU time and the machine's load, from /proc (Linux).</summary>
internal static class ProcessCpu
{
    /// <summary>User + system CPU time of every thread of <paramref name="pid"/> so far, in milliseconds (utime + stime of /proc/PID/stat).</summary>
    public static double Milliseconds(int pid)
    {
        var (user, system) = UserAndSystem(pid);
        return user + system;
    }

    /// <summary>User and system (kernel) CPU time of <paramref name="pid"/> so far, in milliseconds.</summary>
    public static (double User, double System) UserAndSystem(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // USER_HZ is 100 on Linux (getconf CLK_TCK): a tick is 10 ms.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) * 10.0, long.Parse(fields[12], CultureInfo.InvariantCulture) * 10.0);
    }

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
