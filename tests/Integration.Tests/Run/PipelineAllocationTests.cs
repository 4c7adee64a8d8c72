using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Bench;
using QuantumTrader.Runtime.Metrics;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Journal;
using QuantumTrader.Services.Journal;
using QuantumTrader.Runtime.Replay;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Sources;
using QuantumTrader.Testing.Inference;
using QuantumTrader.Testing.Ring;
using Xunit;
using Xunit.Abstractions;

namespace QuantumTrader.Integration.Tests.Run;

/// <summary>Runs alone: the GC count it checks is the process's, which tests running beside it would move.</summary>
[CollectionDefinition(nameof(PipelineAllocationTests), DisableParallelization = true)]
public sealed class PipelineAllocationCollection;

/// <summary>
/// The README's claim: after warm-up the whole pipeline allocates nothing per event. Measured on each stage
/// group's own thread (an allocation there is invisible to the test thread's counter), over the journaled
/// pipeline with a model that trades, so the journal and the order path (sizing, gate, order records, route,
/// the simulated exchange's fills coming back) are in the measured window.
/// </summary>
[Collection(nameof(PipelineAllocationTests))]
[Trait("Category", "Integration")]
public sealed class PipelineAllocationTests(ITestOutputHelper output)
{
    // Warm-up: every path (first order, first fill, first journal records of each type) is taken and tiered JIT
    // has settled; methods with loops are compiled optimized at once (tests/Directory.Build.props), so no
    // on-stack replacement runs mid-window.
    private const long WarmUp = 200_000;
    private const long Measured = 1_000_000;

    [Fact]
    public void JournaledPipelineThatTrades_AfterWarmUp_EveryStageThreadAllocatesNothing()
    {
        var dir = Directory.CreateTempSubdirectory("qt-alloc-");
        try
        {
            var config = ConfigLoader.LoadDefault().GetConfigOrThrow();
            config.Journal.SegmentSizeMib = 1; // the smallest: segments roll inside the measured window, as in a long run

            // Short round trips, so that the window has entries, protective stops, exits and cancels: tight stops
            // (their harvest rungs and take-profit are near) and a one-minute time stop.
            config.Risk.MinStopDistance = 0.001;
            config.Risk.MaxStopDistance = 0.002;
            config.Exits.TimeStopMinutes = 1;
            var options = JournalSetup.FromConfig(config, Path.Combine(dir.FullName, "j"), dir.FullName, "j");
            var probes = new List<ThreadAllocationProbe>();
            long routedInWindow, fillsInWindow, orderRecords, routed;
            int collections;
            long feedAllocated, rollsInWindow;
            var allocated = new Dictionary<string, long>(StringComparer.Ordinal);
            using (var writer = JournalWriter.Open(options, EpochClock.Instance))
            {
                SimulatedExchange? exchange = null;
                var engine = TradingEngine.BuildJournaled(config, (instruments, outcomes) => exchange = new SimulatedExchange(instruments, outcomes, new TopOfBookFillModel(), new BasisPointFeeModel(), new TickSlippageModel(), new FixedLatencyModel(5_000_000)), MonotonicClock.Instance, new LatencyRecorder(), writer, new Ensemble([new ReturnSignClassifier()], [1.0], 1, 0), group =>
                {
                    var probe = new ThreadAllocationProbe(group);
                    probes.Add(probe);
                    return probe;
                });
                var feed = new LockStepSink(new SimulatedVenueSink(engine.Sink, exchange!, null), engine.Pipeline, TimeSpan.FromMinutes(10));
                var source = new SyntheticTickSource(engine.Instruments, MonotonicClock.Instance, 7);
                Func<long, bool> warmedUp = n => n >= WarmUp || feed.Stalled;
                Func<long, bool> measured = n => n >= Measured || feed.Stalled;
                engine.Pipeline.Start();
                try
                {
                    source.Run(feed, 0, warmedUp);
                    Assert.False(feed.Stalled, "the pipeline stopped consuming during warm-up");

                    // Lock-step: every slot published so far has passed every stage, so each probe has read its
                    // thread's counter after the last warm-up slot.
                    var before = new long[probes.Count];
                    for (var i = 0; i < probes.Count; i++)
                    {
                        before[i] = probes[i].AllocatedBytes;
                    }

                    var routedBefore = engine.Route.Routed;
                    var fillsBefore = engine.Ledger.Fills;
                    var rollsBefore = writer.Rolls;
                    var collectionsBefore = GC.CollectionCount(0);
                    var feedBefore = GC.GetAllocatedBytesForCurrentThread();
                    source.Run(feed, 0, measured);
                    feedAllocated = GC.GetAllocatedBytesForCurrentThread() - feedBefore;
                    rollsInWindow = writer.Rolls - rollsBefore;
                    output.WriteLine($"journal: {rollsInWindow} segment rolls in the window, {writer.SynchronousRolls} synchronous in all, {writer.PreparerStalls} stalls");
                    collections = GC.CollectionCount(0) - collectionsBefore;
                    Assert.False(feed.Stalled, "the pipeline stopped consuming during the measured window");
                    for (var i = 0; i < probes.Count; i++)
                    {
                        allocated[probes[i].Group] = probes[i].AllocatedBytes - before[i];
                        Assert.Equal(engine.Ring.Cursor.Value + 1, probes[i].Events);
                    }

                    routedInWindow = engine.Route.Routed - routedBefore;
                    fillsInWindow = engine.Ledger.Fills - fillsBefore;
                    routed = engine.Route.Routed;
                    Assert.Equal(0, engine.Faults.FaultCount);
                }
                finally
                {
                    Assert.True(engine.Pipeline.DrainAndHalt(TimeSpan.FromMinutes(1)));
                }
            }

            orderRecords = CountOrderRecords(options.Directory);

            // Not vacuous: the window traded (orders journaled and routed, fills back through the gate), on every
            // group of the default config.
            Assert.Equal(config.Engine.Groups.Count, probes.Count);
            Assert.True(routedInWindow > 10, $"{routedInWindow} orders routed in the measured window");
            Assert.True(fillsInWindow >= 5, $"{fillsInWindow} fills in the measured window");
            Assert.Equal(routed, orderRecords);
            Assert.True(rollsInWindow > 10, $"{rollsInWindow} journal segment rolls in the measured window");

            var report = string.Join(", ", allocated.Select(a => $"{a.Key} {a.Value:N0} B"));
            output.WriteLine($"{Measured:N0} events after {WarmUp:N0} of warm-up: {routedInWindow} orders, {fillsInWindow} fills; stage threads: {report}; feed thread (source, simulated exchange): {feedAllocated:N0} B; gen-0 collections: {collections}");
            Assert.All(allocated, a => Assert.True(a.Value == 0, $"stage threads allocated over {Measured:N0} events: {report}"));
            Assert.Equal(0, collections);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static long CountOrderRecords(string directory)
    {
        long count = 0;
        using var reader = JournalReader.Open(directory);
        while (reader.TryRead(out var r) == JournalReadResult.Record)
        {
            count += r.Type == JournalRecordType.OrderRequest ? 1 : 0;
        }

        return count;
    }
}
