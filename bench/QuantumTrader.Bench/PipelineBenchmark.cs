using QuantumTrader.Runtime.Metrics;
using System.Globalization;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;
using QuantumTrader.Runtime.Journal;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Output;
using QuantumTrader.Stages.Routing;
using QuantumTrader.Stages.Sources;

namespace QuantumTrader.Bench;

/// <summary>
/// <c>quantumtrader bench pipeline</c>: the whole pipeline as configured (every stage including the journal,
/// its groups, cores and wait strategies) fed by the synthetic source. Scenario <c>max</c> measures throughput as fast as the
/// ring takes events; <c>paced-N</c> measures tick-to-route latency at N events/s with coordinated-omission
/// correction (each event is stamped with its intended send time).
/// </summary>
public static class PipelineBenchmark
{
    /// <summary>Rates of the paced latency scenarios, events per second.</summary>
    public static readonly long[] PacedRates = [10_000, 100_000];

    /// <summary>Runs the scenarios and prints the table or the JSON; returns the exit code.</summary>
    public static int Execute(int seconds, bool json, TextWriter output, string? configPath = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var loaded = configPath is null ? ConfigLoader.LoadDefault() : ConfigLoader.Load(configPath);
        if (!loaded.IsValid)
        {
            foreach (var e in loaded.Errors)
            {
                output.WriteLine($"{loaded.Source}:{e.Line}:{e.Column}: {e.Key}: {e.Message}");
            }

            return 1;
        }

        var config = loaded.Config!;
        var slice = TimeSpan.FromSeconds(Math.Max(1.0, seconds / (1.0 + PacedRates.Length)));
        var results = new List<(string Name, double EventsPerSec, int Gc, long Allocated, LatencyRecorder Latency)>
        {
            Run(config, "max", 0, slice),
        };
        foreach (var rate in PacedRates)
        {
            results.Add(Run(config, "paced-" + rate.ToString(CultureInfo.InvariantCulture), rate, slice));
        }

        var machine = MachineInfo.Capture();
        if (json)
        {
            JsonOut.Write(output, w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("machine");
                machine.ToJson(w);
                w.WriteStartArray("scenarios");
                foreach (var r in results)
                {
                    w.WriteStartObject();
                    w.WriteString("name", r.Name);
                    w.WriteNumber("events_per_sec", Math.Round(r.EventsPerSec));
                    w.WriteNumber("gc_collections", r.Gc);
                    w.WriteNumber("allocated_bytes", r.Allocated);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("latency");
                foreach (var r in results)
                {
                    w.WriteStartObject();
                    w.WriteString("name", r.Name);
                    w.WriteNumber("p50_ns", r.Latency.P50);
                    w.WriteNumber("p99_ns", r.Latency.P99);
                    w.WriteNumber("p999_ns", r.Latency.P999);
                    w.WriteNumber("max_ns", r.Latency.Max);
                    w.WriteNumber("samples", r.Latency.Count);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return 0;
        }

        output.WriteLine($"machine: {machine}");
        output.WriteLine("scenario        events/s   GC  allocated B    p50 ns     p99 ns   p99.9 ns     max ns");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Name,-12} {r.EventsPerSec,11:N0} {r.Gc,4} {r.Allocated,12:N0} {r.Latency.P50,9:N0} {r.Latency.P99,10:N0} {r.Latency.P999,10:N0} {r.Latency.Max,10:N0}"));
        }

        return 0;
    }

    private static (string, double, int, long, LatencyRecorder) Run(QuantumTraderConfig config, string name, long rate, TimeSpan duration)
    {
        var clock = MonotonicClock.Instance;
        var latency = new LatencyRecorder();

        // The journal is part of the pipeline: it runs in a temporary directory, deleted afterwards.
        var dir = Directory.CreateTempSubdirectory("qt-bench-pipeline-");
        using var journal = JournalWriter.Open(JournalSetup.FromConfig(config, Path.Combine(dir.FullName, "journal"), dir.FullName, "journal"), EpochClock.Instance);
        var engine = TradingEngine.BuildJournaled(config, new CountingOrderGateway(), clock, latency, journal);
        var source = new SyntheticTickSource(engine.Instruments, clock, (ulong)config.Market.SyntheticSeed);
        engine.Pipeline.Start();

        // Warm-up: JIT every stage (tier-1) before anything is measured.
        var warmup = rate == 0 ? 200_000 : Math.Max(rate / 4, 5_000);
        source.Run(engine.Sink, rate, n => n >= warmup);
        while (engine.Pipeline.MinimumConsumedSequence() < warmup - 1)
        {
            Thread.Sleep(1);
        }

        engine.Route.RecordLatencyFrom = warmup;
        var gc = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(true);
        var start = clock.NowNanos;
        var end = start + (long)duration.TotalNanoseconds;
        var published = source.Run(engine.Sink, rate, n => (n & 255) == 0 && clock.NowNanos >= end);
        engine.Pipeline.DrainAndHalt(TimeSpan.FromSeconds(30));
        var elapsed = (clock.NowNanos - start) / 1e9;
        var gcDuring = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gc;
        var allocatedDuring = GC.GetTotalAllocatedBytes(true) - allocated;
        journal.Dispose();
        dir.Delete(true);
        return (name, published / elapsed, gcDuring, allocatedDuring, latency);
    }
}
