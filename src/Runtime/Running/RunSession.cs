using QuantumTrader.Runtime.Sources;
using QuantumTrader.Model.Ports;
using System.Globalization;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;
using QuantumTrader.Runtime.Journal;
using QuantumTrader.Runtime.Live;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Model;
using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Runtime.Metrics;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Running;
using QuantumTrader.Runtime.Output;
using QuantumTrader.Runtime.Replay;
using QuantumTrader.Stages.Routing;
using QuantumTrader.Stages.Sources;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;

namespace QuantumTrader.Runtime.Running;

/// <summary>
/// One run of the pipeline: config → engine → market source → drain → report. The source runs on the
/// calling thread; the stage groups on their own threads. With <c>--data</c> the source is a recorded
/// capture and orders go to the simulated exchange; without it, the seeded synthetic market and an order
/// sink that only counts.
/// </summary>
public static class RunSession
{
    /// <summary>Runs and writes the report; returns the process exit code (<see cref="RunExitCode"/>).</summary>
    /// <param name="options">What to run.</param>
    /// <param name="output">The report.</param>
    /// <param name="error">Errors and operator messages.</param>
    /// <param name="lifetime">Signals and systemd notifications, or null.</param>
    /// <param name="freeSpace">Free space of the journal's file system (tests simulate a full disk); default statvfs.</param>
    public static int Execute(RunOptions options, TextWriter output, TextWriter error, IDaemonLifetime? lifetime = null, IFreeSpaceProbe? freeSpace = null)
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

        if (options.ModelOverride is { } model)
        {
            if (!File.Exists(model))
            {
                error.WriteLine($"run: --model: {model} does not exist");
                return 1;
            }

            loaded.Config!.Inference.Models = [new ModelSection { Path = Path.GetFullPath(model) }];
            loaded.Config.Inference.MinVoters = 1;
        }

        // What `config check` checks: a config whose models cannot serve is refused before anything starts.
        var unservable = ServingCheck.Check(loaded.Config!);
        foreach (var e in unservable)
        {
            error.WriteLine(e.Format(loaded.Source));
        }

        if (unservable.Count > 0)
        {
            return 1;
        }

        options.ConfigLoaded?.Invoke(loaded.Config!);

        if (options.DataPath is not null && !File.Exists(options.DataPath) && !Directory.Exists(options.DataPath))
        {
            error.WriteLine($"run: --data: {options.DataPath} does not exist (a capture file or a journal directory)");
            return 1;
        }

        if (options.DataPath is not null && options.JournalDir is not null
            && Path.GetFullPath(options.DataPath).TrimEnd('/') == Path.GetFullPath(options.JournalDir).TrimEnd('/'))
        {
            error.WriteLine("run: --journal must not be the journal that --data replays");
            return 1;
        }

        var config = loaded.Config!;
        if (options.Live is { } liveOptions && !LiveRun.Preflight(config, liveOptions, error))
        {
            return 1;
        }

        // Live: receive stamps (journaled) are wall-clock epoch ns, so tick-to-route is measured on the same clock.
        IClock clock = options.Live is null ? MonotonicClock.Instance : EpochClock.Instance;
        var latency = new LatencyRecorder();
        JournalWriter journal;
        JournalOptions journalOptions;
        TradingEngine engine;
        try
        {
            journalOptions = JournalSetup.FromConfig(config, options.JournalDir, Directory.GetCurrentDirectory(), "journal-" + EpochClockStamp());
            if (JournalDiskGuard.StartRefusal(journalOptions.Directory, DiskFloors.From(config.Journal), freeSpace ?? FileSystemFreeSpace.Instance) is { } refusal)
            {
                error.WriteLine($"run: {refusal}");
                return RunExitCode.DiskSpaceExhausted;
            }

            journal = JournalWriter.Open(journalOptions, EpochClock.Instance);
            options.JournalChosen?.Invoke(journalOptions.Directory);
        }
        catch (JournalCorruptException ex)
        {
            error.WriteLine($"run: {ex.Message}");
            return RunExitCode.JournalCorrupt;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException)
        {
            error.WriteLine($"run: journal: {ex.Message}");
            return 1;
        }

        // The journal is unmapped at the end only once every stage thread has ended: after a stop whose drain ran
        // out of budget a stage may still be writing into the mapping, and unmapping under it would crash the
        // process. Then it stays mapped until exit (the kernel writes the committed pages back; recovery on the
        // next start truncates the uncommitted tail).
        using var journalScope = new JournalRelease(journal, error);

        // Housekeeping off the hot path: compress sealed segments and apply retention while the run goes on.
        var section = config.Journal;
        using var maintenance = section.CompressSealed || section.RetentionDays > 0 || section.RetentionMaxGib > 0
            ? new JournalMaintenance(
                journalOptions.Directory,
                section.CompressSealed,
                section.RetentionDays * 86_400L * 1_000_000_000L,
                section.RetentionMaxGib * (1L << 30),
                EpochClock.Instance,
                TimeSpan.FromSeconds(section.MaintenancePeriodSeconds))
            : null;
        maintenance?.Start();
        // The one place the run's venue is chosen: a replay or a paper run trades on the simulated exchange, a live run
        // with --venue binance on Binance, the synthetic benchmark market on a counting sink.
        var kind = options.DataPath is not null ? VenueKind.Simulated
            : options.Live is { Venue: LiveOptions.Binance } ? VenueKind.Binance
            : options.Live is not null ? VenueKind.Simulated
            : VenueKind.Counting;
        BinanceConnection? binance = null;
        if (kind == VenueKind.Binance)
        {
            binance = BinanceConnection.Open(config, ConfigInstruments.BuildRegistry(config.Market, Venue.BinanceUsdM), error);
            if (binance is null)
            {
                return 1;
            }
        }

        var venues = new VenueFactory(config, kind, binance);
        try
        {
            engine = TradingEngine.BuildJournaled(config, venues.Create, clock, latency, journal);
            journalScope.Pipeline = engine.Pipeline;
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"run: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"run: the models cannot be copied beside the journal (a replay would not find them): {ex.Message}");
            return 1;
        }

        foreach (var refusal in engine.ModelRefusals)
        {
            error.WriteLine($"run: model refused (the ensemble fails closed to HOLD without it): {refusal}");
        }

        var deadline = options.Duration is { } d ? clock.NowNanos + (long)d.TotalNanoseconds : long.MaxValue;
        using var stopRun = CancellationTokenSource.CreateLinkedTokenSource(lifetime?.HaltRequested ?? CancellationToken.None);
        var halt = stopRun.Token; // SIGTERM/SIGINT, or the disk guard's halt
        // The one place the run's event source is chosen (IEventSource): an earlier journal or a recorded capture
        // (--data), the live feed (--live), or the seeded synthetic market.
        var maxEvents = options.MaxEvents ?? long.MaxValue;
        IEventSource source;
        string describe;
        LiveRun? live = null;
        var notReconciled = false;
        var pace = options.Speed == 0 ? "max speed (lock-step backtest)" : options.Speed.ToString(CultureInfo.InvariantCulture) + "x";
        if (options.DataPath is { } path)
        {
            source = Directory.Exists(path)
                ? new JournalFeed(path, clock, options.Speed)
                : new CaptureReplay(path, engine.Instruments, clock, options.Speed);
            describe = $"{source.Description} at {pace}, {venues.Description}";
        }
        else if (options.Live is { } liveRequest)
        {
            live = LiveRun.Create(config, engine.Instruments, clock, venues, binance, config.Binance.ConnectTimeoutNs(), maxEvents);
            live.Connected = () => lifetime?.NotifyReady("running: " + live.Description + " (every market data connection is up)");
            notReconciled = liveRequest.Venue == LiveOptions.Binance;
            source = live;
            describe = $"{live.Description}, {(kind == VenueKind.Binance ? venues.Description : "paper venue (simulated exchange)")}";
            engine.Route.RecordLatencyFrom = 5_000;
        }
        else
        {
            source = new SyntheticTickSource(engine.Instruments, clock, (ulong)config.Market.SyntheticSeed, config.Market.SyntheticRate);
            describe = $"{source.Description}, {venues.Description}";

            // The first second of events (or 100,000 at max speed) warms the JIT up and is not measured.
            var warmup = config.Market.SyntheticRate > 0 ? config.Market.SyntheticRate : 100_000;
            engine.Route.RecordLatencyFrom = Math.Min(warmup, options.MaxEvents is { } m ? m / 10 : warmup);
        }

        // As fast as possible is a backtest: lock-step with the pipeline makes fills and decisions reproducible.
        // Paced replay and live data keep their own timing instead.
        var marketSink = venues.MarketSink(engine.Sink, options.DataPath is not null && options.Speed == 0 ? engine.Pipeline : null);
        long checks = 0;
        bool Stop() => halt.IsCancellationRequested
            || source.Published >= maxEvents
            || ((options.DataPath is not null || (++checks & 1023) == 0) && clock.NowNanos >= deadline); // the synthetic market reads the clock every 1,024 events
        Func<long> produce = live is not null
            ? () => source.Run(marketSink, () => halt.IsCancellationRequested || clock.NowNanos >= deadline)
            : () => source.Run(marketSink, Stop);
        var exchange = venues.Exchange;

        if (options.DataPath is not null)
        {
            // The first events pay for JIT compilation and the models' first runs: not measured.
            engine.Route.RecordLatencyFrom = 5_000;
        }

        if (!options.Json && !options.Quiet)
        {
            output.WriteLine($"journal: {journalOptions.Directory}");
            output.WriteLine($"quantumtrader run: {describe}; {engine.Instruments.Count} instruments, ring {config.Engine.RingSize:N0} slots, groups: {DescribeGroups(config)}");
        }

        long lastConsumed = -1;
        var gcBefore = GcCount();
        var startNs = clock.NowNanos;
        engine.Pipeline.Start();

        // Free space under the journal, off the hot path: journaled Pause/Resume/Kill control events, then a clean halt.
        using var diskGuard = DiskFloors.From(section) is { Enabled: true } floors
            ? new JournalDiskGuard(journalOptions.Directory, floors, freeSpace ?? FileSystemFreeSpace.Instance,
                config.Engine.Producer == "multi" ? engine.Sink : null, _ => stopRun.Cancel(), error)
            : null;
        diskGuard?.Start(TimeSpan.FromMilliseconds(section.FreeSpaceCheckMs));

        // SIGHUP reloads the model set through a journaled control event (multi-producer ring only).
        using var reloader = lifetime is not null && config.Engine.Producer == "multi"
            ? new ModelReloader(options.ConfigPath, engine, engine.Sink, error, listenForSighup: true)
            : null;
        if (live is null)
        {
            lifetime?.NotifyReady("running: " + describe); // a live run is ready once its feed is connected
        }

        // systemd's watchdog is fed only while every stage group keeps up: a group stuck on an event (the ring
        // has work its slowest consumer has not moved past since the last tick) stops the pings.
        using var watchdog = lifetime?.WatchdogInterval is { } every ? new Timer(_ => PingIfProgressing(engine, lifetime, ref lastConsumed), null, every, every) : null;
        if (notReconciled)
        {
            // Fail closed: positions and open orders at the exchange are not reconciled at start and the user-data
            // stream is not wired yet, so a real venue never opens risk in this build. A journaled control event,
            // published before any market data, so a replay of the run reproduces it (from a stricter start mode,
            // HALTED, the gate keeps that: an automatic cause only tightens).
            engine.Sink.Publish(new InputEvent
            {
                Kind = InputKind.Control,
                Code = (ushort)ControlCode.SetState,
                Aux0 = (long)ModeCause.NotReconciled,
                Aux1 = (long)TradingMode.Reducing,
            });
        }

        var produced = produce();
        if (options.FlattenAtEnd && options.DataPath is not null && options.Speed == 0 && exchange is not null && !halt.IsCancellationRequested)
        {
            FlattenAfterData(marketSink, exchange, engine.Instruments.Count);
        }

        // Orders the route stage could not send and whose rejection is still waiting enter before the drain.
        engine.FlushRefusals();
        lifetime?.NotifyStopping("draining the pipeline");

        // The whole stop (drain, background compression, journal close) fits journal.stop_budget_seconds, under
        // systemd's TimeoutStopSec: compression is told to stop first and stops before its next chunk.
        diskGuard?.Dispose();
        maintenance?.RequestStop();
        var stopBudget = TimeSpan.FromSeconds(section.StopBudgetSeconds);
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        var drained = engine.Pipeline.DrainAndHalt(stopBudget);
        live?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (maintenance is not null && !maintenance.Stop(stopBudget - stopping.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero))
        {
            error.WriteLine("run: background journal maintenance did not stop within journal.stop_budget_seconds; exiting anyway (the next start compresses what is left)");
        }

        var report = new RunReport(
            Source: describe,
            Produced: produced,
            Engine: engine,
            Exchange: exchange,
            Feed: options.DataPath is null && live is null ? null : (source.Published, source.Rejected),
            Drained: drained,
            Journal: journal,
            JournalDirectory: journalOptions.Directory,
            ElapsedSeconds: (clock.NowNanos - startNs) / 1e9,
            GcCollections: GcCount() - gcBefore,
            Latency: latency,
            Live: live);
        if (!options.Quiet)
        {
            Write(report, options.Json, output);
        }
        if (diskGuard is { Exhausted: true })
        {
            error.WriteLine($"run: halted because the journal's file system is nearly full ({diskGuard.LastAvailableBytes >> 20:N0} MiB free, journal.halt_free_mib = {section.HaltFreeMib:N0}); "
                + $"the journal {journalOptions.Directory} is closed intact (`quantumtrader journal verify` checks it). Free space before the next start.");
            return RunExitCode.DiskSpaceExhausted;
        }

        if (live?.DeadBecause is { } dead)
        {
            // A feed that never came up is a failed start, not a quiet run: systemd and the operator see it.
            lifetime?.NotifyStatus("failed: " + dead);
            error.WriteLine($"run: {dead}");
            return RunExitCode.FeedDead;
        }

        if (source.Failure == SourceFailure.Truncated && source.FailureReason is { } cut)
        {
            error.WriteLine($"run: --data: {cut}");
            return RunExitCode.CaptureTruncated;
        }

        return drained ? RunExitCode.Ok : RunExitCode.NotDrained;
    }

    // Design: a backtest's data ends with positions still open; a report of open PnL would hide what closing them costs.
    // So the end of data is itself an input: a journaled Flatten control event (FlattenEndOfData), then timer events
    // 100 ms of event time apart (each one slot for the exit owner's next action and one step of the simulated
    // exchange's clock, in lock-step) until every position is closed and nothing rests, at most 10 minutes of event time.
    // A replay of the journal reproduces every one of them.
    private static void FlattenAfterData(IInputSink sink, SimulatedExchange exchange, int symbols)
    {
        const long Step = 100_000_000L;
        var now = exchange.NowNs;
        sink.Publish(new InputEvent
        {
            Kind = InputKind.Control,
            Code = (ushort)ControlCode.Flatten,
            Aux0 = (long)ModeCause.Operator,
            Aux1 = ControlLayout.FlattenEndOfData,
            ExchangeTimeNs = now, // no receive stamp: these measure no tick-to-route latency
        });
        var quiet = 0;
        for (var i = 1; i <= 6_000 && quiet < 5; i++)
        {
            var t = now + (i * Step);
            sink.Publish(new InputEvent { Kind = InputKind.Timer, ExchangeTimeNs = t, Valid = true });
            quiet = IsFlat(exchange, symbols) ? quiet + 1 : 0; // a few more steps let the last cancels and fills land
        }
    }

    private static bool IsFlat(SimulatedExchange exchange, int symbols)
    {
        for (ushort s = 0; s < symbols; s++)
        {
            if (exchange.PositionOf(s) != 0)
            {
                return false;
            }
        }

        return exchange.ConditionalCount == 0 && exchange.RestingCount == 0;
    }

    private sealed class JournalRelease(JournalWriter journal, TextWriter error) : IDisposable
    {
        public Engine.Ring.Pipeline<InputEvent>? Pipeline { get; set; }

        public void Dispose()
        {
            if (Pipeline is null || Pipeline.AllStagesStopped)
            {
                journal.Dispose();
                return;
            }

            error.WriteLine("run: a stage thread did not stop within the budget; the journal stays mapped until the process exits "
                + "(committed records are kept; the next start truncates an uncommitted tail)");
        }
    }

    private static string EpochClockStamp() =>
        DateTimeOffset.FromUnixTimeMilliseconds(EpochClock.Instance.NowNanos / 1_000_000).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    internal static void PingIfProgressing(TradingEngine engine, IDaemonLifetime lifetime, ref long lastConsumed)
    {
        var consumed = engine.Pipeline.MinimumConsumedSequence();
        var stuck = engine.Ring.Cursor.Value > consumed && consumed == Volatile.Read(ref lastConsumed);
        Volatile.Write(ref lastConsumed, consumed);
        if (!stuck)
        {
            lifetime.NotifyWatchdog();
        }
    }

    private static decimal Quote(long raw) => (decimal)raw / FixedPoint.Scale;

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
        var e = r.Engine;
        var events = e.Route.Events;
        var rate = events / Math.Max(r.ElapsedSeconds, 1e-9);
        if (json)
        {
            JsonOut.Write(output, w =>
            {
                w.WriteStartObject();
                w.WriteString("source", r.Source);
                w.WriteNumber("events", events);
                w.WriteNumber("frames", r.Feed?.Frames ?? r.Produced);
                w.WriteNumber("frames_rejected", r.Feed?.Rejected ?? 0);
                w.WriteNumber("ticks_rejected", e.Ingest.Rejected);
                w.WriteNumber("ticks_out_of_band", e.Ingest.RejectsFor(QuantumTrader.Stages.Ingest.RejectReason.OutOfBand));
                w.WriteNumber("band_reanchors", e.Ingest.ReanchoredAfterTicks + e.Ingest.ReanchoredAfterResync);
                w.WriteNumber("feature_vectors", e.Features.Engine.Counters.Vectors);
                w.WriteNumber("feature_vectors_book_unusable", e.Features.Engine.Counters.BookUnusable);
                w.WriteNumber("inferences", e.Inference.Counters.Inferences);
                w.WriteNumber("signals", e.Signal.Signals);
                w.WriteStartObject("signal_refusals");
                foreach (var reason in Enum.GetValues<QuantumTrader.Stages.Signal.SignalReason>())
                {
                    if (reason != QuantumTrader.Stages.Signal.SignalReason.None)
                    {
                        w.WriteNumber(reason.ToString(), e.Signal.Refused(reason));
                    }
                }

                w.WriteEndObject();
                w.WriteNumber("orders", e.Route.Routed);
                w.WriteNumber("orders_refused", e.Route.Refused);
                w.WriteNumber("orders_held_by_halt", e.Route.HeldByHalt);
                w.WriteNumber("rejections_lost", e.Route.LostRejections);
                w.WriteNumber("gate_blocked", e.Gating.Blocked);
                w.WriteNumber("fills", e.Ledger.Fills);
                w.WriteNumber("venue_events", e.Account.VenueEvents);
                w.WriteNumber("round_trips", e.Ledger.ClosedTrades);
                w.WriteNumber("round_trips_won", e.Ledger.Wins);
                w.WriteNumber("pnl", Quote(e.Ledger.Wallet - e.Ledger.StartingEquity));
                w.WriteNumber("realized_pnl", Quote(e.Ledger.RealizedPnl));
                w.WriteNumber("fees", Quote(e.Ledger.Fees));
                w.WriteNumber("funding", Quote(e.Ledger.Funding));
                w.WriteNumber("equity", Quote(e.Ledger.Equity));
                w.WriteNumber("open_positions", e.Ledger.OpenPositions);
                w.WriteStartObject("exit_orders");
                foreach (var purpose in Enum.GetValues<QuantumTrader.Model.Orders.OrderPurpose>())
                {
                    if (purpose is not (QuantumTrader.Model.Orders.OrderPurpose.None or QuantumTrader.Model.Orders.OrderPurpose.Entry))
                    {
                        w.WriteNumber(purpose.ToString(), e.Exits.Actions(purpose));
                    }
                }

                w.WriteEndObject();
                w.WriteNumber("faults", e.Faults.FaultCount);
                w.WriteString("mode", e.State.Mode.ToString().ToUpperInvariant());
                w.WriteString("mode_reason", e.State.ModeReason);
                w.WriteNumber("mode_changes", e.Gating.ModeChanges);
                w.WriteBoolean("drained", r.Drained);
                w.WriteString("journal", r.JournalDirectory);
                w.WriteNumber("journal_records", r.Journal.RecordsWritten);
                w.WriteNumber("duration_s", Math.Round(r.ElapsedSeconds, 3));
                w.WriteNumber("events_per_sec", Math.Round(rate));
                w.WriteNumber("gc_collections", r.GcCollections);
                w.WriteStartArray("models_refused");
                foreach (var m in e.ModelRefusals)
                {
                    w.WriteStringValue(m);
                }

                w.WriteEndArray();
                w.WriteStartObject("latency");
                w.WriteNumber("count", r.Latency.Count);
                w.WriteNumber("p50_ns", r.Latency.P50);
                w.WriteNumber("p99_ns", r.Latency.P99);
                w.WriteNumber("p999_ns", r.Latency.P999);
                w.WriteNumber("max_ns", r.Latency.Max);
                w.WriteEndObject();
                r.Live?.WriteJson(w);
                w.WriteEndObject();
            });
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"events processed   {events,14:N0}   ({rate:N0} events/s over {r.ElapsedSeconds:F2} s)"));
        if (r.Feed is { } feed)
        {
            output.WriteLine(string.Create(inv, $"source frames      {feed.Frames,14:N0}   (rejected {feed.Rejected:N0})"));
        }

        r.Live?.WriteText(output);

        output.WriteLine(string.Create(inv, $"ticks rejected     {e.Ingest.Rejected,14:N0}   (out of band {e.Ingest.RejectsFor(QuantumTrader.Stages.Ingest.RejectReason.OutOfBand):N0}, band re-anchored {e.Ingest.ReanchoredAfterTicks + e.Ingest.ReanchoredAfterResync:N0})"));
        var unusable = e.Features.Engine.Counters.BookUnusable;
        output.WriteLine(string.Create(inv, $"feature vectors    {e.Features.Engine.Counters.Vectors,14:N0}   (inferences {e.Inference.Counters.Inferences:N0}{(unusable > 0 ? string.Create(inv, $"; none for {unusable:N0} candles closed while a book was gapped or resyncing") : string.Empty)})"));
        var refusals = new List<string>();
        foreach (var reason in Enum.GetValues<QuantumTrader.Stages.Signal.SignalReason>())
        {
            var n = e.Signal.Refused(reason);
            if (reason != QuantumTrader.Stages.Signal.SignalReason.None && n > 0)
            {
                refusals.Add(string.Create(inv, $"{reason} {n:N0}"));
            }
        }

        output.WriteLine(string.Create(inv, $"signals            {e.Signal.Signals,14:N0}   (refused: {(refusals.Count == 0 ? "none" : string.Join(", ", refusals))})"));
        output.WriteLine(string.Create(inv, $"orders emitted     {e.Route.Routed,14:N0}   (blocked by the gate {e.Gating.Blocked:N0}, refused by the venue {e.Route.Refused:N0}, held by a halt {e.Route.HeldByHalt:N0})"));
        output.WriteLine(string.Create(inv, $"fills              {e.Ledger.Fills,14:N0}   (duplicates ignored {e.Ledger.DuplicateFills:N0})"));
        var exitOrders = new List<string>();
        long exitTotal = 0;
        foreach (var purpose in Enum.GetValues<QuantumTrader.Model.Orders.OrderPurpose>())
        {
            var n = e.Exits.Actions(purpose);
            if (n > 0 && purpose != QuantumTrader.Model.Orders.OrderPurpose.Entry)
            {
                exitOrders.Add(string.Create(inv, $"{purpose} {n:N0}"));
                exitTotal += n;
            }
        }

        output.WriteLine(string.Create(inv, $"exit orders        {exitTotal,14:N0}   (proposed by the exit owner: {(exitOrders.Count == 0 ? "none" : string.Join(", ", exitOrders))}; cancels {e.Exits.Cancels:N0})"));
        var l = e.Ledger;
        output.WriteLine(string.Create(inv, $"round trips        {l.ClosedTrades,14:N0}   (won {l.Wins:N0}; open positions {l.OpenPositions:N0})"));
        output.WriteLine(string.Create(inv, $"pnl (USDT)         {Quote(l.Wallet - l.StartingEquity),14:F4}   (realized {Quote(l.RealizedPnl):F4}, fees {Quote(l.Fees):F4}, funding {Quote(l.Funding):F4}; equity {Quote(l.Equity):F2})"));
        output.WriteLine(string.Create(inv, $"stage faults       {e.Faults.FaultCount,14:N0}"));
        output.WriteLine($"trading mode       {e.State.Mode.ToString().ToUpperInvariant(),14}   ({e.State.ModeReason})");
        output.WriteLine(string.Create(inv, $"GC collections     {r.GcCollections,14:N0}"));
        output.WriteLine(string.Create(inv, $"journal records    {r.Journal.RecordsWritten,14:N0}   ({r.JournalDirectory})"));
        output.WriteLine(string.Create(inv, $"tick-to-route latency: p50 {r.Latency.P50:N0} ns, p99 {r.Latency.P99:N0} ns, p99.9 {r.Latency.P999:N0} ns, max {r.Latency.Max:N0} ns ({r.Latency.Count:N0} samples after warm-up)"));
        if (!r.Drained)
        {
            output.WriteLine("WARNING: the pipeline did not drain within journal.stop_budget_seconds; events may be unprocessed");
        }
    }

    private sealed record RunReport(
        string Source,
        long Produced,
        TradingEngine Engine,
        SimulatedExchange? Exchange,
        (long Frames, long Rejected)? Feed,
        bool Drained,
        JournalWriter Journal,
        string JournalDirectory,
        double ElapsedSeconds,
        int GcCollections,
        LatencyRecorder Latency,
        LiveRun? Live = null);
}
