using System.Globalization;
using QuantumTrader.Engine.Time;
using QuantumTrader.Host.Benchmarks;
using QuantumTrader.Host.Composition;
using QuantumTrader.Host.Config;
using QuantumTrader.Host.Daemon;
using QuantumTrader.Host.Output;
using QuantumTrader.Stages.Ingest;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Stages.Routing;
using QuantumTrader.Stages.Sources;

namespace QuantumTrader.Host.Running;

/// <summary>
/// One run of the pipeline: config → engine → source → drain → report. The producer runs on the calling
/// thread; the stage groups on their own threads.
/// </summary>
public static class RunSession
{
    /// <summary>Runs and writes the report; returns the process exit code.</summary>
    public static int Execute(RunOptions options, TextWriter output, TextWriter error, IDaemonLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var loaded = options.ConfigPath is null ? ConfigLoader.LoadDefault() : ConfigLoader.Load(options.ConfigPath);
        if (!loaded.IsValid)
        {
            foreach (var e in loaded.Errors)
            {
                error.WriteLine($"{loaded.Source}:{e.Line}:{e.Column}: {e.Key}: {e.Message}");
            }

            return 1;
        }

        var config = loaded.Config!;
        var clock = MonotonicClock.Instance;
        var latency = new LatencyRecorder();
        var venue = new DeferredGateway();
        TradingEngine engine;
        try
        {
            engine = TradingEngine.Build(config, venue, clock, latency);
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"run: {ex.Message}");
            return 1;
        }

        foreach (var refusal in engine.ModelRefusals)
        {
            error.WriteLine($"run: model refused: {refusal}");
        }

        if (options.DataPath is not null)
        {
            return RunCapture(options, config, engine, venue, latency, output, error, lifetime);
        }

        var gateway = new CountingOrderGateway();
        venue.Target = gateway;

        var source = new SyntheticTickSource(engine.Instruments, clock, (ulong)config.Market.SyntheticSeed);
        var deadline = options.Duration is { } d ? clock.NowNanos + (long)d.TotalNanoseconds : long.MaxValue;
        var maxEvents = options.MaxEvents ?? long.MaxValue;
        var halt = lifetime?.HaltRequested ?? CancellationToken.None;
        if (!options.Json)
        {
            output.WriteLine($"quantumtrader run: synthetic source at {(config.Market.SyntheticRate == 0 ? "max" : config.Market.SyntheticRate.ToString("N0", CultureInfo.InvariantCulture) + " events/s")}, "
                + $"{engine.Instruments.Count} instruments, ring {config.Engine.RingSize:N0} slots, groups: {DescribeGroups(config)}");
        }

        // The first second of events (or 100,000 at max speed) warms the JIT up and is not measured.
        var warmup = config.Market.SyntheticRate > 0 ? config.Market.SyntheticRate : 100_000;
        engine.Route.RecordLatencyFrom = Math.Min(warmup, options.MaxEvents is { } m ? m / 10 : warmup);
        var gcBefore = GcCount();
        var startNs = clock.NowNanos;
        engine.Pipeline.Start();
        lifetime?.NotifyReady("running: synthetic source");
        var published = source.Run(
            engine.Sink,
            config.Market.SyntheticRate,
            n => n >= maxEvents || halt.IsCancellationRequested || ((n & 1023) == 0 && clock.NowNanos >= deadline));
        lifetime?.NotifyStopping("draining the pipeline");
        var drained = engine.Pipeline.DrainAndHalt(TimeSpan.FromSeconds(30));
        var elapsedNs = clock.NowNanos - startNs;
        var gcDuring = GcCount() - gcBefore;

        var report = new RunReport(
            Source: "synthetic",
            Events: engine.Route.Events,
            Published: published,
            Orders: engine.Route.Routed,
            OrdersRefused: engine.Route.Refused,
            HeldByHalt: engine.Route.HeldByHalt,
            Signals: engine.Signal.Signals,
            Rejected: engine.Ingest.Rejected,
            GateBlocked: engine.Gating.BlockedFor(GateReason.Halted) + engine.Gating.BlockedFor(GateReason.PositionLimit) + engine.Gating.BlockedFor(GateReason.ReducingOnly) + engine.Gating.BlockedFor(GateReason.NoPrice),
            Faults: engine.Faults.FaultCount,
            Mode: engine.State.Mode.ToString().ToUpperInvariant(),
            ModeReason: engine.State.ModeReason,
            Drained: drained,
            ElapsedSeconds: elapsedNs / 1e9,
            GcCollections: gcDuring,
            Latency: latency);
        Write(report, options.Json, output);
        return drained ? 0 : 3;
    }

    private static int GcCount() => GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);

    private static string DescribeGroups(QuantumTraderConfig config)
    {
        var parts = new List<string>();
        foreach (var g in config.Engine.Groups)
        {
            parts.Add($"{g.Name}[{string.Join(",", g.Stages)}]/{g.Wait}{(g.Core is { } c ? "@core" + c.ToString(CultureInfo.InvariantCulture) : "")}");
        }

        return string.Join(" → ", parts);
    }

    private static void Write(RunReport r, bool json, TextWriter output)
    {
        if (json)
        {
            JsonOut.Write(output, w =>
            {
                w.WriteStartObject();
                w.WriteString("source", r.Source);
                w.WriteNumber("events", r.Events);
                w.WriteNumber("published", r.Published);
                w.WriteNumber("orders", r.Orders);
                w.WriteNumber("orders_refused", r.OrdersRefused);
                w.WriteNumber("orders_held_by_halt", r.HeldByHalt);
                w.WriteNumber("signals", r.Signals);
                w.WriteNumber("rejected", r.Rejected);
                w.WriteNumber("gate_blocked", r.GateBlocked);
                w.WriteNumber("faults", r.Faults);
                w.WriteString("mode", r.Mode);
                w.WriteString("mode_reason", r.ModeReason);
                w.WriteBoolean("drained", r.Drained);
                w.WriteNumber("duration_s", Math.Round(r.ElapsedSeconds, 3));
                w.WriteNumber("events_per_sec", Math.Round(r.Events / Math.Max(r.ElapsedSeconds, 1e-9)));
                w.WriteNumber("gc_collections", r.GcCollections);
                w.WriteStartObject("latency");
                w.WriteNumber("count", r.Latency.Count);
                w.WriteNumber("p50_ns", r.Latency.P50);
                w.WriteNumber("p99_ns", r.Latency.P99);
                w.WriteNumber("p999_ns", r.Latency.P999);
                w.WriteNumber("max_ns", r.Latency.Max);
                w.WriteEndObject();
                w.WriteEndObject();
            });
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"events processed   {r.Events,14:N0}   ({r.Events / Math.Max(r.ElapsedSeconds, 1e-9),12:N0} events/s over {r.ElapsedSeconds:F2} s)"));
        output.WriteLine(string.Create(inv, $"orders emitted     {r.Orders,14:N0}   (signals {r.Signals:N0}, blocked by the gate {r.GateBlocked:N0}, refused by the gateway {r.OrdersRefused:N0}, held by a halt {r.HeldByHalt:N0})"));
        output.WriteLine(string.Create(inv, $"ticks rejected     {r.Rejected,14:N0}"));
        output.WriteLine(string.Create(inv, $"stage faults       {r.Faults,14:N0}"));
        output.WriteLine($"trading mode       {r.Mode,14}   ({r.ModeReason})");
        output.WriteLine(string.Create(inv, $"GC collections     {r.GcCollections,14:N0}"));
        output.WriteLine(string.Create(inv, $"tick-to-route latency: p50 {r.Latency.P50:N0} ns, p99 {r.Latency.P99:N0} ns, p99.9 {r.Latency.P999:N0} ns, max {r.Latency.Max:N0} ns ({r.Latency.Count:N0} samples)"));
        if (!r.Drained)
        {
            output.WriteLine("WARNING: the pipeline did not drain within 30 s; events may be unprocessed");
        }
    }

    private sealed record RunReport(
        string Source,
        long Events,
        long Published,
        long Orders,
        long OrdersRefused,
        long HeldByHalt,
        long Signals,
        long Rejected,
        long GateBlocked,
        long Faults,
        string Mode,
        string ModeReason,
        bool Drained,
        double ElapsedSeconds,
        int GcCollections,
        LatencyRecorder Latency);
}
