using QuantumTrader.Engine.Journal;
using QuantumTrader.Runtime.Journal;
using QuantumTrader.Services.Journal;
using QuantumTrader.Runtime.Running;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Model;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;
using Xunit;
using QuantumTrader.Testing.Runtime;

namespace QuantumTrader.Integration.Tests.Journal;

/// <summary>
/// A run whose journal's file system fills up (a scripted free-space probe): the floors become journaled
/// control events, and below the halt floor the run stops cleanly with the journal intact and its own exit code.
/// </summary>
[Trait("Category", "Integration")]
public sealed class JournalDiskSpaceRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("qt-disk-run-").FullName;

    private string Journal => Path.Combine(_root, "journal");

    [Fact]
    public void Run_DiskFillsUp_JournalsPauseResumeKillAndHaltsCleanlyWithTheJournalIntact()
    {
        var config = JournalCorruptionRunTests.WriteConfig(_root, ("free_space_check_ms = 1000", "free_space_check_ms = 20"));

        // MiB free at each check (min floor 4096, halt floor 1024): fine, low, low, recovered, low, exhausted.
        var probe = new ScriptedFreeSpaceProbe(100_000, 3_000, 3_000, 5_000, 2_000, 500);
        var output = new StringWriter();
        var error = new StringWriter();
        var options = new RunOptions { ConfigPath = config, JournalDir = Journal, Duration = TimeSpan.FromSeconds(60) };

        var code = RunSession.Execute(options, output, error, null, probe);

        Assert.True(code == RunExitCode.DiskSpaceExhausted, $"exit {code}: {error}");
        Assert.Contains("halt_free_mib", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("closed intact", error.ToString(), StringComparison.Ordinal);
        var scan = JournalScan.Run(Journal);
        Assert.True(scan.IsSound, string.Join("; ", scan.Defects));
        Assert.Equal(
            [(ControlCode.Pause, ModeCause.DiskSpaceLow), (ControlCode.Resume, ModeCause.DiskSpaceRecovered),
             (ControlCode.Pause, ModeCause.DiskSpaceLow), (ControlCode.Kill, ModeCause.DiskSpaceExhausted)],
            JournaledModeControls());

        // The gate obeyed them: each became a journaled mode change with its typed cause.
        Assert.Equal(
            [(TradingMode.Active, ModeCause.Start), (TradingMode.Reducing, ModeCause.DiskSpaceLow), (TradingMode.Active, ModeCause.DiskSpaceRecovered),
             (TradingMode.Reducing, ModeCause.DiskSpaceLow), (TradingMode.Halted, ModeCause.DiskSpaceExhausted)],
            JournaledModeChanges());

        // The journal was closed intact: the next writer continues it without a torn tail.
        using var writer = JournalWriter.Open(new JournalOptions { Directory = Journal, SegmentSize = 2L << 20 }, Engine.Time.MonotonicClock.Instance);
        Assert.False(writer.RecoveredFromCrash);
    }

    [Fact]
    public void Run_BelowTheHaltFloorAtStart_RefusesBeforeCreatingTheJournal()
    {
        var config = JournalCorruptionRunTests.WriteConfig(_root);
        var error = new StringWriter();
        var options = new RunOptions { ConfigPath = config, JournalDir = Journal, MaxEvents = 1000 };

        var code = RunSession.Execute(options, new StringWriter(), error, null, new ScriptedFreeSpaceProbe(100));

        Assert.Equal(RunExitCode.DiskSpaceExhausted, code);
        Assert.Contains("refusing to start", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("halt_free_mib", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Journal));
    }

    private List<(ControlCode, ModeCause)> JournaledModeControls()
    {
        var controls = new List<(ControlCode, ModeCause)>();
        using var reader = JournalReader.Open(Journal);
        while (reader.TryRead(out var record) == JournalReadResult.Record)
        {
            var e = default(InputEvent);
            if (record.Type == JournalRecordType.Input && InputRecord.TryRead(record.Payload, record.Version, ref e)
                && e.Kind == InputKind.Control && (ControlCode)e.Code is ControlCode.Pause or ControlCode.Resume or ControlCode.Kill)
            {
                controls.Add(((ControlCode)e.Code, (ModeCause)e.Aux0));
            }
        }

        return controls;
    }

    private List<(TradingMode, ModeCause)> JournaledModeChanges()
    {
        var changes = new List<(TradingMode, ModeCause)>();
        using var reader = JournalReader.Open(Journal);
        while (reader.TryRead(out var record) == JournalReadResult.Record)
        {
            if (record.Type == JournalRecordType.ModeChange && ModeChangeRecord.TryRead(record.Payload, record.Version, out var change, out _) && !change.SymbolScope)
            {
                changes.Add((change.To, change.Cause));
            }
        }

        return changes;
    }

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
