using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Journal;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;
using Xunit;
using QuantumTrader.Testing.Ports;
using QuantumTrader.Testing.Runtime;

namespace QuantumTrader.Runtime.Tests.Journal;

public sealed class JournalDiskGuardTests
{
    private const long Mib = 1L << 20;
    private static readonly DiskFloors Floors = new(1000 * Mib, 200 * Mib);

    [Fact]
    public void Check_FreeSpaceFallsRecoversAndRunsOut_PublishesPauseResumePauseKillThenHalts()
    {
        var probe = new ScriptedFreeSpaceProbe(5000, 900, 800, 1500, 999, 150, 100, 5000);
        var sink = new RecordingSink();
        var halts = new List<string>();
        using var guard = new JournalDiskGuard("/journal", Floors, probe, sink, halts.Add, TextWriter.Null);
        for (var i = 0; i < 8; i++)
        {
            guard.Check();
        }

        Assert.Equal(
            [(ControlCode.Pause, ModeCause.DiskSpaceLow), (ControlCode.Resume, ModeCause.DiskSpaceRecovered),
             (ControlCode.Pause, ModeCause.DiskSpaceLow), (ControlCode.Kill, ModeCause.DiskSpaceExhausted)],
            Controls(sink));
        Assert.All(sink.Snapshot(), e => Assert.Equal(InputKind.Control, e.Kind));
        Assert.Single(halts);
        Assert.Contains("halt_free_mib", halts[0], StringComparison.Ordinal);
        Assert.True(guard.Exhausted);
        Assert.Equal(6, probe.Calls); // exhausted is final: no more checks, no more events
    }

    [Fact]
    public void Check_AboveTheFloors_PublishesNothing()
    {
        var sink = new RecordingSink();
        using var guard = new JournalDiskGuard("/journal", Floors, new ScriptedFreeSpaceProbe(1000, 5000, 1000), sink, _ => throw new InvalidOperationException("no halt"), TextWriter.Null);
        guard.Check();
        guard.Check();
        guard.Check();
        Assert.Empty(sink.Snapshot());
        Assert.False(guard.Low);
    }

    [Fact]
    public void Check_SingleProducer_StillHaltsWithoutPublishing()
    {
        var halted = false;
        var log = new StringWriter();
        using var guard = new JournalDiskGuard("/journal", Floors, new ScriptedFreeSpaceProbe(100), null, _ => halted = true, log);
        guard.Check();
        Assert.True(halted);
        Assert.Contains("not published", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void StartRefusal_BelowTheHaltFloor_SaysWhyAndWhatToDo()
    {
        var why = JournalDiskGuard.StartRefusal("/journal", Floors, new ScriptedFreeSpaceProbe(199));
        Assert.NotNull(why);
        Assert.Contains("halt_free_mib", why, StringComparison.Ordinal);
        Assert.Contains("/journal", why, StringComparison.Ordinal);
        Assert.Null(JournalDiskGuard.StartRefusal("/journal", Floors, new ScriptedFreeSpaceProbe(200)));
        Assert.Null(JournalDiskGuard.StartRefusal("/journal", new DiskFloors(0, 0), new ScriptedFreeSpaceProbe(0)));
    }

    [Fact]
    public void FileSystemFreeSpace_DirectoryNotCreatedYet_ReadsItsFileSystem()
    {
        var missing = Path.Combine(Path.GetTempPath(), "qt-not-there-" + Guid.NewGuid().ToString("N"), "journal");
        Assert.True(FileSystemFreeSpace.Instance.AvailableBytes(missing) > 0);
    }

    [Fact]
    public void Config_HaltFloorAboveMinFloor_IsRefusedNamingTheKey()
    {
        var text = File.ReadAllText(ConfigLoader.DefaultPath).Replace("halt_free_mib = 1024", "halt_free_mib = 5000", StringComparison.Ordinal);
        var result = ConfigLoader.LoadText(text, "config.toml");
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("journal.halt_free_mib", error.Key);
        Assert.Contains("must not exceed journal.min_free_mib", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }

    [Theory]
    [InlineData("free_space_check_ms = 1000", "free_space_check_ms = 5", "journal.free_space_check_ms")]
    [InlineData("stop_budget_seconds = 20", "stop_budget_seconds = 0", "journal.stop_budget_seconds")]
    [InlineData("min_free_mib = 4096", "min_free_mib = -1", "journal.min_free_mib")]
    public void Config_OutOfRange_IsRefusedNamingTheKey(string line, string replacement, string key)
    {
        var text = File.ReadAllText(ConfigLoader.DefaultPath).Replace(line, replacement, StringComparison.Ordinal);
        var result = ConfigLoader.LoadText(text, "config.toml");
        Assert.Contains(result.Errors, e => e.Key == key);
    }

    [Fact]
    public void Config_Defaults_AreTheDocumentedOnes()
    {
        var journal = ConfigLoader.LoadDefault().GetConfigOrThrow().Journal;
        Assert.Equal((4096, 1024, 1000, 20), (journal.MinFreeMib, journal.HaltFreeMib, journal.FreeSpaceCheckMs, journal.StopBudgetSeconds));
        Assert.Equal(new DiskFloors(4096 * Mib, 1024 * Mib), DiskFloors.From(journal));
    }

    private static List<(ControlCode, ModeCause)> Controls(RecordingSink sink) => sink.Snapshot().ConvertAll(e => ((ControlCode)e.Code, (ModeCause)e.Aux0));
}
