using System.Globalization;
using System.Text.Json;
using QuantumTrader.Engine.Threading;
using QuantumTrader.Bench.Engine;
using QuantumTrader.Runtime.Output;

namespace QuantumTrader.Bench;

// Design:
//   `quantumtrader bench engine`: the engine's throughput and hand-off latency on this machine, in the
//   shapes issue 2 names. The run time is split evenly across the scenarios; a throughput scenario spends
//   a quarter of its share warming up and the rest in three equal runs, of which the best is reported (and
//   every run is listed in the JSON); a latency scenario warms up for a fifth of its share and records
//   round trips for the rest.
//   Placement follows the thread count: when a scenario has no more threads than the cores this process
//   may use, its threads busy-spin and are pinned one per core; otherwise they yield or sleep, unpinned (a
//   busy-spinning consumer that shares a core with the thread it waits for burns the time slice that
//   thread needed). Between those two, measured on the 2-core development guest: yielding suits the
//   single-producer chain and fan-out; sleeping suits the diamond (its two parallel stages write the same
//   slot lines) and three-to-one (three producers contend for the claim), where consumers that back off
//   further let the producers fill the ring and then take it in large batches.
//   one-to-one-blocking always uses the blocking strategy, to show what a parked consumer costs.
//   Every throughput scenario checks its consumers' counts and checksums afterwards; a failed check, a
//   stall or a thread that could not start makes the command exit 1 with the reason, never a figure.

/// <summary>The engine benchmark behind <c>quantumtrader bench engine [--seconds N] [--json]</c>.</summary>
public static class EngineBenchmark
{
    /// <summary>Longest accepted run, in seconds.</summary>
    public const int MaxSeconds = 3600;

    /// <summary>The throughput scenario names, in run order.</summary>
    public static IReadOnlyList<string> ThroughputScenarioNames { get; } =
        ["one-to-one", "pipeline-3", "fan-out-3", "diamond", "three-to-one", "one-to-one-blocking"];

    /// <summary>The latency scenario names, in run order.</summary>
    public static IReadOnlyList<string> LatencyScenarioNames { get; } = ["ping-pong", "ping-pong-yielding", "baseline"];

    /// <summary>
    /// Runs every scenario for about <paramref name="seconds"/> in total and writes a table, or with
    /// <paramref name="json"/> one JSON document, to <paramref name="output"/>. Returns 0 on success, 1 when
    /// a scenario failed (lost events, stall), 2 on a bad argument.
    /// </summary>
    public static int Execute(int seconds, bool json, TextWriter output) =>
        Execute(new EngineBenchmarkOptions(seconds), json, output);

    /// <summary>As <see cref="Execute(int, bool, TextWriter)"/>, with options for experiments and tests.</summary>
    internal static int Execute(EngineBenchmarkOptions options, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (!(options.Seconds >= 0.05 && options.Seconds <= MaxSeconds))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench engine: --seconds must be between 1 and {MaxSeconds}, not {options.Seconds}"));
            return 2;
        }

        if (options.Only is { } only)
        {
            foreach (var name in only)
            {
                if (!ThroughputScenarioNames.Contains(name) && !LatencyScenarioNames.Contains(name))
                {
                    output.WriteLine($"bench engine: unknown scenario '{name}'");
                    return 2;
                }
            }
        }

        var report = Run(options);
        if (json)
        {
            JsonOut.Write(output, report.WriteJson);
        }
        else
        {
            report.WriteTable(output);
        }

        return report.Failed ? 1 : 0;
    }

    /// <summary>Runs the selected scenarios and returns their results.</summary>
    internal static EngineBenchmarkReport Run(EngineBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cores = ThreadAffinity.AllowedCores();
        var selected = new List<string>();
        foreach (var name in ThroughputScenarioNames)
        {
            if (options.Selects(name))
            {
                selected.Add(name);
            }
        }

        foreach (var name in LatencyScenarioNames)
        {
            if (options.Selects(name))
            {
                selected.Add(name);
            }
        }

        var share = TimeSpan.FromSeconds(options.Seconds / Math.Max(1, selected.Count));
        var warmup = share * 0.25;
        var run = share * 0.75 / options.Runs;
        var latencyWarmup = share * 0.2;
        var latencyMeasure = share * 0.8;
        var throughput = new List<ThroughputResult>();
        var latency = new List<LatencyResult>();
        foreach (var name in selected)
        {
            switch (name)
            {
                case "one-to-one":
                    throughput.Add(ThroughputScenarios.OneToOne(name, Place(2, cores, options.OversubscribedWait), options.Batch, ThroughputScenarios.ReferenceOneToOne, warmup, run, options.Runs));
                    break;
                case "pipeline-3":
                    throughput.Add(ThroughputScenarios.Pipeline3(Place(4, cores, options.OversubscribedWait), options.Batch, warmup, run, options.Runs));
                    break;
                case "fan-out-3":
                    throughput.Add(ThroughputScenarios.FanOut3(Place(4, cores, options.OversubscribedWait), options.Batch, warmup, run, options.Runs));
                    break;
                case "diamond":
                    throughput.Add(ThroughputScenarios.Diamond(Place(4, cores, options.OversubscribedWait ?? "sleeping"), options.Batch, warmup, run, options.Runs));
                    break;
                case "three-to-one":
                    throughput.Add(ThroughputScenarios.ThreeToOne(Place(4, cores, options.OversubscribedWait ?? "sleeping"), options.Batch, warmup, run, options.Runs));
                    break;
                case "one-to-one-blocking":
                    throughput.Add(ThroughputScenarios.OneToOne(name, Place(2, cores, null, "blocking", "blocking strategy measured on purpose"), options.Batch, ThroughputScenarios.ReferenceBlocking, warmup, run, options.Runs));
                    break;
                case "ping-pong":
                    latency.Add(LatencyScenarios.PingPong(name, Place(2, cores, options.OversubscribedWait), LatencyScenarios.ReferencePingPongBusySpin, latencyWarmup, latencyMeasure));
                    break;
                case "ping-pong-yielding":
                    latency.Add(LatencyScenarios.PingPong(name, Place(2, cores, null, "yielding", "yielding strategy measured on purpose, unpinned as a shared-core deployment runs it", pin: false), LatencyScenarios.ReferencePingPongYielding, latencyWarmup, latencyMeasure));
                    break;
                case "baseline":
                    latency.Add(LatencyScenarios.Baseline(Place(2, cores, null), latencyWarmup, latencyMeasure));
                    break;
            }
        }

        return new EngineBenchmarkReport(MachineInfo.Capture(), options, throughput, latency);
    }

    /// <summary>
    /// The wait strategy and pinning for <paramref name="threads"/> threads: busy-spin, one pinned core each,
    /// when they fit on the allowed cores; else <paramref name="oversubscribedWait"/> (yielding by default), unpinned.
    /// A <paramref name="forcedWait"/> is used as given (pinned when the threads fit and <paramref name="pin"/> is true).
    /// </summary>
    internal static ScenarioPlacement Place(int threads, IReadOnlyList<int> cores, string? oversubscribedWait, string? forcedWait = null, string? forcedReason = null, bool pin = true)
    {
        var fits = threads <= cores.Count;
        var pinned = new List<int>();
        if (fits && pin)
        {
            for (var i = 0; i < threads; i++)
            {
                pinned.Add(cores[i]);
            }
        }

        var countText = string.Create(CultureInfo.InvariantCulture, $"{threads} threads on {cores.Count} cores");
        if (forcedWait is not null)
        {
            return new ScenarioPlacement(forcedWait, threads, pinned, $"{forcedReason ?? "chosen"}; {countText}");
        }

        return fits
            ? new ScenarioPlacement("busy-spin", threads, pinned, countText + ": one pinned core per thread")
            : new ScenarioPlacement(oversubscribedWait ?? "yielding", threads, [], countText + ": more threads than cores, busy-spin would starve the thread it waits for");
    }
}

/// <summary>Knobs of the engine benchmark (the command sets only the seconds).</summary>
/// <param name="Seconds">Total run time, split across the scenarios.</param>
/// <param name="Only">Scenario names to run (null: all).</param>
/// <param name="OversubscribedWait">Wait strategy when threads outnumber cores (null: yielding).</param>
/// <param name="Batch">Slots per producer claim/publish.</param>
/// <param name="Runs">Measured runs per throughput scenario (the best is reported).</param>
internal sealed record EngineBenchmarkOptions(double Seconds, IReadOnlyList<string>? Only = null, string? OversubscribedWait = null, int Batch = EngineBenchmarkOptions.DefaultBatch, int Runs = 3)
{
    /// <summary>Default batch: the producer claims and publishes this many slots at a time.</summary>
    public const int DefaultBatch = 16;

    /// <summary>True when <paramref name="name"/> is to run.</summary>
    public bool Selects(string name) => Only is null || Only.Contains(name);
}

/// <summary>The results of one engine benchmark run, as a table or JSON.</summary>
/// <param name="Machine">Where it ran.</param>
/// <param name="Options">How it ran.</param>
/// <param name="Throughput">Throughput results.</param>
/// <param name="Latency">Latency results.</param>
internal sealed record EngineBenchmarkReport(MachineInfo Machine, EngineBenchmarkOptions Options, IReadOnlyList<ThroughputResult> Throughput, IReadOnlyList<LatencyResult> Latency)
{
    /// <summary>True when any scenario failed its checks.</summary>
    public bool Failed
    {
        get
        {
            foreach (var t in Throughput)
            {
                if (t.Error is not null)
                {
                    return true;
                }
            }

            foreach (var l in Latency)
            {
                if (l.Error is not null)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Writes <c>{"machine","scenarios":[...],"latency":[...]}</c>.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WritePropertyName("machine");
        Machine.ToJson(w);
        w.WriteStartArray("scenarios");
        foreach (var t in Throughput)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteNumber("events_per_sec", Math.Round(t.BestEventsPerSec));
            w.WriteNumber("gc_collections", t.GcCollections);
            w.WriteNumber("allocated_bytes", t.AllocatedBytes);
            w.WriteString("figure", "best of runs");
            w.WriteNumber("median_events_per_sec", Math.Round(Median(t.RunEventsPerSec)));
            w.WriteStartArray("runs_events_per_sec");
            foreach (var r in t.RunEventsPerSec)
            {
                w.WriteNumberValue(Math.Round(r));
            }

            w.WriteEndArray();
            w.WriteNumber("run_seconds", Math.Round(t.RunSeconds, 3));
            w.WriteNumber("measured_events", t.MeasuredEvents);
            w.WriteNumber("producers", t.Producers);
            w.WriteNumber("consumers", t.Consumers);
            w.WriteNumber("batch", t.Batch);
            w.WriteNumber("ring_size", t.RingSize);
            WritePlacement(w, t.Placement);
            w.WriteBoolean("verified", t.Error is null);
            if (t.Error is not null)
            {
                w.WriteString("error", t.Error);
            }

            if (t.ReferenceEventsPerSec is { } reference)
            {
                w.WriteNumber("reference_events_per_sec", reference);
                w.WriteNumber("ratio_to_reference", Math.Round(t.BestEventsPerSec / reference, 3));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("latency");
        foreach (var l in Latency)
        {
            w.WriteStartObject();
            w.WriteString("name", l.Name);
            w.WriteNumber("p50_ns", l.Recorder.P50);
            w.WriteNumber("p99_ns", l.Recorder.P99);
            w.WriteNumber("p999_ns", l.Recorder.P999);
            w.WriteNumber("max_ns", l.Recorder.Max);
            w.WriteNumber("count", l.Recorder.Count);
            w.WriteNumber("mean_ns", Math.Round(l.Recorder.Mean, 1));
            w.WriteNumber("gc_collections", l.GcCollections);
            w.WriteNumber("allocated_bytes", l.AllocatedBytes);
            WritePlacement(w, l.Placement);
            w.WriteBoolean("verified", l.Error is null);
            if (l.Error is not null)
            {
                w.WriteString("error", l.Error);
            }

            if (l.ReferenceP50Nanos is { } reference)
            {
                w.WriteNumber("reference_p50_ns", reference);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes the human view: the machine, then a throughput table and a latency table.</summary>
    public void WriteTable(TextWriter o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var ci = CultureInfo.InvariantCulture;
        o.WriteLine("machine: " + Machine);
        if (Throughput.Count > 0)
        {
            var first = Throughput[0];
            o.WriteLine(string.Create(ci, $"throughput: best of {first.RunEventsPerSec.Count} runs of {first.RunSeconds:F2} s after a warm-up; ring {first.RingSize} slots, producer batch {first.Batch}; GC and allocation over the measured runs, whole process"));
            o.WriteLine(string.Create(ci, $"{"scenario",-20} {"wait",-10} {"pinned",-8} {"events/s",12} {"runs (M/s)",-22} {"vs ref",7} {"GCs",4} {"alloc B",9}  check"));
            foreach (var t in Throughput)
            {
                var runs = string.Join("/", t.RunEventsPerSec.Select(r => (r / 1e6).ToString("F1", ci)));
                var ratio = t.ReferenceEventsPerSec is { } reference ? (t.BestEventsPerSec / reference).ToString("F2", ci) + "x" : "-";
                o.WriteLine(string.Create(ci, $"{t.Name,-20} {t.Placement.WaitStrategy,-10} {Pinned(t.Placement),-8} {t.BestEventsPerSec / 1e6,10:F1} M {runs,-22} {ratio,7} {t.GcCollections,4} {t.AllocatedBytes,9}  {t.Error ?? "ok"}"));
            }
        }

        if (Latency.Count > 0)
        {
            o.WriteLine("latency: round trip, ns (HdrHistogram, 3 significant digits)");
            o.WriteLine(string.Create(ci, $"{"scenario",-20} {"wait",-10} {"pinned",-8} {"count",10} {"p50",8} {"p99",8} {"p99.9",8} {"max",10} {"ref p50",8} {"GCs",4} {"alloc B",9}  check"));
            foreach (var l in Latency)
            {
                var r = l.Recorder;
                var reference = l.ReferenceP50Nanos is { } p ? p.ToString(ci) : "-";
                o.WriteLine(string.Create(ci, $"{l.Name,-20} {l.Placement.WaitStrategy,-10} {Pinned(l.Placement),-8} {r.Count,10} {r.P50,8} {r.P99,8} {r.P999,8} {r.Max,10} {reference,8} {l.GcCollections,4} {l.AllocatedBytes,9}  {l.Error ?? "ok"}"));
            }
        }

        o.Flush();
    }

    private static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Pinned(ScenarioPlacement placement) =>
        placement.PinnedCores.Count == 0 ? "no" : string.Join(",", placement.PinnedCores);

    private static void WritePlacement(Utf8JsonWriter w, ScenarioPlacement placement)
    {
        w.WriteString("wait_strategy", placement.WaitStrategy);
        w.WriteNumber("threads", placement.Threads);
        w.WriteStartArray("pinned_cores");
        foreach (var c in placement.PinnedCores)
        {
            w.WriteNumberValue(c);
        }

        w.WriteEndArray();
        w.WriteString("placement", placement.Reason);
    }
}
