namespace QuantumTrader.Benchmarks.Journal;

/// <summary>Temporary journal directories for the benchmarks.</summary>
internal static class JournalBenchmarkDirectory
{
    public static string Create(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"qt-bdn-{name}-{Environment.ProcessId}");
        Delete(dir);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void Delete(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
