using System.Diagnostics;
using QuantumTrader.Engine.Journal;
using Xunit;

namespace QuantumTrader.Integration.Tests.Journal;

/// <summary>
/// SIGTERM while the synthetic market runs at its maximum rate and background compression has a backlog of
/// sealed segments: the process must exit on its own (stop budget), the journal intact, no partial compressed
/// file left behind.
/// </summary>
[Trait("Category", "Integration")]
public sealed class JournalShutdownTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("qt-shutdown-").FullName;

    private string Journal => Path.Combine(_root, "journal");

    [Fact]
    public void Run_SigtermWhileCompressingUnderLoad_ExitsCleanlyWithTheJournalIntact()
    {
        var config = JournalCorruptionRunTests.WriteConfig(
            _root,
            ("synthetic_rate = 100000", "synthetic_rate = 0"),
            ("maintenance_period_seconds = 60", "maintenance_period_seconds = 1"));
        using var run = HostProcess.Start("run", "--config", config, "--journal", Journal, "--duration", "5m");

        // Under load: compression has started and sealed raw segments are waiting for it.
        var watch = Stopwatch.StartNew();
        while (!(Count("*" + JournalFormat.CompressedExtension) >= 1 && Count("*" + JournalFormat.SegmentExtension) >= 8))
        {
            Assert.False(run.HasExited, $"run exited early ({(run.HasExited ? run.ExitCode : 0)}): {run.Stderr}");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"no compression backlog after {watch.Elapsed}: {run.Stdout} {run.Stderr}");
            Thread.Sleep(20);
        }

        run.Signal(15); // SIGTERM
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(90)), "the process did not exit after SIGTERM");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.DoesNotContain("Unhandled", run.Stderr, StringComparison.Ordinal);

        Assert.Empty(Directory.GetFiles(Journal, "*.tmp"));
        var scan = JournalScan.Run(Journal);
        Assert.True(scan.IsSound, string.Join("; ", scan.Defects));

        // What the stop left uncompressed, the next pass (the next start's maintenance) compresses.
        SegmentCompressor.CompressSealed(Journal);
        Assert.DoesNotContain(JournalScan.Run(Journal).Segments, s => !s.File.Compressed && s.State == JournalFormat.StateSealed);
        Assert.Equal(scan.Records, JournalScan.Run(Journal).Records);
    }

    private int Count(string pattern) => Directory.Exists(Journal) ? Directory.GetFiles(Journal, pattern).Length : 0;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
