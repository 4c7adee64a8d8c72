using QuantumTrader.Runtime.Sources;
using QuantumTrader.Runtime.Journal;
using System.CommandLine;
using System.Text.Json;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Host;
using QuantumTrader.Bench;
using QuantumTrader.Runtime.Metrics;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Replay;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Routing;
using QuantumTrader.Stages.Sources;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;
using QuantumTrader.Testing;
using QuantumTrader.Testing.Inference;
using Xunit;

namespace QuantumTrader.Integration.Tests.Run;

/// <summary>
/// Every stage wired on the ring from config, fed by the recorded BTCUSDT capture through the Binance
/// parser and book sync, orders going to the simulated exchange and its fills coming back to the gate.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PipelineRunTests
{
    private static readonly string Capture = TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz");

    private static QuantumTraderConfig Config() => ConfigLoader.LoadDefault().GetConfigOrThrow();

    private static Ensemble StubEnsemble() => new([new ReturnSignClassifier()], [1.0], 1, 0);

    /// <summary>The capture in lock-step through the stand-in model to the simulated exchange (or what
    /// <paramref name="venue"/> makes of it), then the route stage's waiting rejections, then the drain; under
    /// <paramref name="config"/> when given, else the default config.</summary>
    internal static (TradingEngine Engine, List<OrderRequest> Orders, SimulatedExchange Exchange) RunCapture(Func<InstrumentRegistry, IEventHandler<InputEvent>>? journal = null, long decisionBase = 0, Func<IOrderGateway, IOrderGateway>? venue = null, long run = 0, QuantumTraderConfig? config = null)
    {
        config ??= Config();
        SimulatedExchange? made = null;
        RecordingGateway? recording = null;
        var engine = TradingEngine.Build(
            config,
            (instruments, outcomes) =>
            {
                made = new SimulatedExchange(instruments, outcomes, new TopOfBookFillModel(), new BasisPointFeeModel(), new TickSlippageModel(), new FixedLatencyModel(5_000_000));
                return recording = new RecordingGateway(venue?.Invoke(made) ?? made);
            },
            MonotonicClock.Instance,
            new LatencyRecorder(),
            journal,
            decisionBase,
            StubEnsemble(),
            run);
        var exchange = made!;
        var feed = new CaptureReplay(Capture, engine.Instruments, MonotonicClock.Instance);
        engine.Pipeline.Start();
        feed.Run(new SimulatedVenueSink(engine.Sink, exchange, engine.Pipeline), 0, () => false);
        engine.FlushRefusals();
        Assert.True(engine.Pipeline.DrainAndHalt(TimeSpan.FromMinutes(2)));
        return (engine, recording!.Orders, exchange);
    }

    [Fact]
    public void Capture_LockStepTwice_SameOrdersSameFills()
    {
        var (a, ordersA, exA) = RunCapture();
        var (b, ordersB, exB) = RunCapture();

        Assert.True(a.Features.Engine.Counters.Vectors > 100, $"only {a.Features.Engine.Counters.Vectors} feature vectors");
        Assert.True(ordersA.Count > 0, $"no order reached the simulated exchange: signals {a.Signal.Signals} (refused {string.Join(",", Enum.GetValues<QuantumTrader.Stages.Signal.SignalReason>().Select(r => r + "=" + a.Signal.Refused(r)))}), sized {a.Sizing.Sized}, approved {a.Gating.Approved}, blocked {string.Join(",", Enum.GetValues<QuantumTrader.Stages.Risk.GateReason>().Select(r => r + "=" + a.Gating.BlockedFor(r)))}");
        Assert.True(a.Gating.FillReports > 0, "no fill came back to the gate");
        Assert.Equal(ordersA, ordersB);
        Assert.Equal(a.Gating.FillReports, b.Gating.FillReports);
        Assert.Equal(exA.PositionOf(0), exB.PositionOf(0));

        // The gate's position (from fills it saw) is the exchange's position: one truth, reconciled.
        Assert.Equal(exA.PositionOf(0), a.Ledger.Position(0));
        Assert.Equal(0, a.Faults.FaultCount);
        foreach (var o in ordersA)
        {
            Assert.Equal(0, o.Quantity.Raw % Quantity.FromDecimal(0.001m).Raw); // a multiple of the step size
        }
    }

    [Fact]
    public void Capture_JournalStageThrowsMidRun_HaltsAndSendsNothingAfter()
    {
        var (clean, cleanOrders, _) = RunCapture();
        var cut = (cleanOrders[cleanOrders.Count / 2].ClientOrderId.Sequence) - 1; // fault right at a decision slot
        var (engine, orders, _) = RunCapture(_ => new ThrowingStage(cut));

        Assert.Equal(engine.Ring.Cursor.Value + 1, engine.Route.Events); // every published event still reached the last stage
        Assert.True(clean.Route.Events > 90_000);
        Assert.Equal(1, engine.Faults.FaultCount);
        Assert.Equal(TradingMode.Halted, engine.State.Mode);
        Assert.Contains("journal", engine.State.ModeReason, StringComparison.Ordinal);
        Assert.NotEmpty(orders);
        Assert.All(orders, o => Assert.True(o.ClientOrderId.Sequence <= cut, $"order {o.ClientOrderId} sent after the fault at {cut}"));
        Assert.True(orders.Count < cleanOrders.Count);
    }

    [Fact]
    public void Capture_Journaled_EveryOrderSentIsTheJournaledRequest()
    {
        var dir = Directory.CreateTempSubdirectory("qt-journal-before-send-");
        try
        {
            var config = Config();
            var options = QuantumTrader.Runtime.Journal.JournalSetup.FromConfig(config, Path.Combine(dir.FullName, "j"), dir.FullName, "j");
            List<OrderRequest> sent;
            long decisionBase;
            using (var writer = QuantumTrader.Engine.Journal.JournalWriter.Open(options, EpochClock.Instance))
            {
                decisionBase = writer.NextSequence;
                (_, sent, _) = RunCapture(instruments => new QuantumTrader.Stages.Journaling.JournalStage(writer, (ushort)config.Engine.InstanceId, instruments), decisionBase);
            }

            var journaled = new List<OrderRequest>();
            using (var reader = QuantumTrader.Engine.Journal.JournalReader.Open(options.Directory))
            {
                while (reader.TryRead(out var r) == QuantumTrader.Engine.Journal.JournalReadResult.Record)
                {
                    if (r.Type == QuantumTrader.Stages.Journaling.JournalRecordType.OrderRequest)
                    {
                        Assert.True(QuantumTrader.Stages.Journaling.OrderRequestRecord.TryRead(r.Payload, r.Version, out var o, out _));
                        journaled.Add(o);
                    }
                }
            }

            Assert.NotEmpty(sent);
            Assert.Equal(sent, journaled); // the whole request: one builder for what is journaled and what is sent
            Assert.All(sent, o => Assert.True(o.ClientOrderId.Sequence > decisionBase, "decision ids continue after the journal's sequence at start"));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void ReplayVerify_JournalOfABacktestWithOrdersAndFills_ZeroDivergences()
    {
        var dir = Directory.CreateTempSubdirectory("qt-replay-");
        try
        {
            var config = Config();
            var options = QuantumTrader.Runtime.Journal.JournalSetup.FromConfig(config, Path.Combine(dir.FullName, "j"), dir.FullName, "j");
            List<OrderRequest> sent;
            long fills;
            using (var writer = QuantumTrader.Engine.Journal.JournalWriter.Open(options, EpochClock.Instance))
            {
                // As TradingEngine.BuildJournaled wires it: the journal's run identity in every client order id.
                var identity = JournalRunIdentity.Of(options.Directory);
                var run = RunCapture(instruments => new QuantumTrader.Stages.Journaling.JournalStage(writer, (ushort)config.Engine.InstanceId, instruments, run: identity), writer.NextSequence, run: identity);
                sent = run.Orders;
                fills = run.Engine.Gating.FillReports;
            }

            Assert.NotEmpty(sent);
            Assert.True(fills > 0);
            var result = ReplayVerifier.Verify(options.Directory, Config(), StubEnsemble());
            Assert.Null(result.RefusedBecause);
            Assert.True(result.Divergences == 0, string.Join("; ", result.Details.Select(d => $"{d.InputSequence} {d.Record} {d.Detail}")));
            Assert.Equal(0, result.StageFaults);
            Assert.True(result.DecisionRecords > 5 * sent.Count, $"{result.DecisionRecords} decision records for {sent.Count} orders");

            // A different rule set must be caught: the same inputs under a higher confidence floor decide otherwise.
            var stricter = Config();
            stricter.Strategy.MinConfidence = 0.85; // the stand-in model is 0.8 sure
            var diverged = ReplayVerifier.Verify(options.Directory, stricter, StubEnsemble());
            Assert.True(diverged.Divergences > 0);
            Assert.NotEmpty(diverged.Details);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void ReplayCommand_DefaultRunJournal_VerifiesWithExitZero()
    {
        var dir = Directory.CreateTempSubdirectory("qt-replay-cli-");
        try
        {
            var journal = Path.Combine(dir.FullName, "j");
            RunJson(["run", "--data", Capture, "--speed", "max", "--journal", journal, "--json"]);
            var verified = RunJson(["replay", journal, "--verify", "--json"]);
            Assert.True(verified.GetProperty("inputs").GetInt64() > 90_000);
            Assert.True(verified.GetProperty("decision_records").GetInt64() > 100);
            Assert.Equal(0, verified.GetProperty("divergences").GetInt64());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void RunCommand_CaptureJson_ReportsContractFields()
    {
        var dir = Directory.CreateTempSubdirectory("qt-run-json-");
        JsonElement root;
        try
        {
            root = RunJson(["run", "--data", Capture, "--speed", "max", "--journal", Path.Combine(dir.FullName, "j"), "--json"]);
            Assert.Equal(Path.Combine(dir.FullName, "j"), root.GetProperty("journal").GetString());
        }
        finally
        {
            dir.Delete(true);
        }

        Assert.Equal(93_954, root.GetProperty("frames").GetInt64());
        Assert.Equal(0, root.GetProperty("frames_rejected").GetInt64());
        Assert.True(root.GetProperty("events").GetInt64() > 90_000);
        Assert.True(root.GetProperty("feature_vectors").GetInt64() > 100);
        Assert.Equal(root.GetProperty("feature_vectors").GetInt64(), root.GetProperty("inferences").GetInt64());
        Assert.True(root.GetProperty("drained").GetBoolean());
        Assert.Equal(0, root.GetProperty("models_refused").GetArrayLength());
        var latency = root.GetProperty("latency");
        Assert.True(latency.GetProperty("p99_ns").GetInt64() >= latency.GetProperty("p50_ns").GetInt64());

        // Receive stamps come from the run's monotonic clock, not the recorded epoch times: a latency that is
        // not a positive duration (the recorder clamps negatives to 1 ns) means the stamps are wrong.
        Assert.True(latency.GetProperty("p50_ns").GetInt64() > 1, "tick-to-route latency is not measured from the run's receive stamps");
        Assert.True(latency.GetProperty("max_ns").GetInt64() < 60_000_000_000L);
        Assert.True(root.TryGetProperty("orders", out _));
        Assert.True(root.TryGetProperty("signal_refusals", out _));
    }

    [Fact]
    public void RunCommand_JournalOfACaptureRunAsData_SameMarketSameDecisions()
    {
        var dir = Directory.CreateTempSubdirectory("qt-journal-feed-");
        try
        {
            var first = RunJson(["run", "--data", Capture, "--speed", "max", "--journal", Path.Combine(dir.FullName, "a"), "--json"]);
            var second = RunJson(["run", "--data", Path.Combine(dir.FullName, "a"), "--speed", "max", "--journal", Path.Combine(dir.FullName, "b"), "--json"]);
            // The journal feed skips the earlier run's venue events (order updates of the simulated exchange): this run's
            // venue produces its own.
            Assert.True(first.GetProperty("fills").GetInt64() > 0, "the main job no longer trades: this test would not see venue events");
            Assert.Equal(first.GetProperty("events").GetInt64() - first.GetProperty("venue_events").GetInt64(), second.GetProperty("frames").GetInt64());
            foreach (var key in new[] { "events", "feature_vectors", "inferences", "signals", "orders", "fills" })
            {
                Assert.Equal(first.GetProperty(key).GetInt64(), second.GetProperty(key).GetInt64());
            }

            Assert.Equal(first.GetProperty("signal_refusals").ToString(), second.GetProperty("signal_refusals").ToString());
            Assert.True(first.GetProperty("journal_records").GetInt64() > first.GetProperty("events").GetInt64());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static JsonElement RunJson(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = QuantumTrader.Host.Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        Assert.True(exit == 0, error.ToString());
        return JsonDocument.Parse(output.ToString()).RootElement.Clone();
    }

    [Fact]
    public void Pipeline_AfterWarmup_AllocatesNothingPerEvent()
    {
        var config = Config();
        config.Market.SyntheticRate = 0;
        var engine = TradingEngine.Build(config, new CountingOrderGateway(), MonotonicClock.Instance, new LatencyRecorder());
        var source = new SyntheticTickSource(engine.Instruments, MonotonicClock.Instance, 7);
        engine.Pipeline.Start();
        source.Run(engine.Sink, 0, n => n >= 1_000_000);
        Assert.True(QuantumTrader.Testing.Ring.Poll.Until(() => engine.Pipeline.MinimumConsumedSequence() >= 999_999));

        var before = GC.GetTotalAllocatedBytes(true);
        source.Run(engine.Sink, 0, n => n >= 1_000_000);
        Assert.True(QuantumTrader.Testing.Ring.Poll.Until(() => engine.Pipeline.MinimumConsumedSequence() >= 1_999_999));
        var allocated = GC.GetTotalAllocatedBytes(true) - before;
        engine.Pipeline.Halt();

        // A million events through every stage (features, ONNX inference on each closed candle, signal, gate…):
        // even 8 bytes per event would be 8 MB. The warm-up is long because tiered JIT compilation allocates
        // while it settles.
        Assert.True(engine.Features.Engine.Counters.Vectors > 0, "no feature vector: inference never ran");
        Assert.True(allocated < 64 * 1024, $"allocated {allocated:N0} bytes for 1,000,000 events");
    }

    [Fact]
    public void RunCommand_BadDuration_ClearErrorExitOne()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = QuantumTrader.Host.Program.BuildRoot().Parse(["run", "--duration", "soon"]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        Assert.Equal(1, exit);
        Assert.Contains("--duration", error.ToString(), StringComparison.Ordinal);
    }

    internal sealed class RecordingGateway : IOrderGateway
    {
        private readonly IOrderGateway _inner;

        public RecordingGateway(IOrderGateway inner) => _inner = inner;

        public List<OrderRequest> Orders { get; } = new();

        public bool Submit(in OrderRequest request)
        {
            Orders.Add(request);
            return _inner.Submit(in request);
        }

        public bool Cancel(ushort symbolId, ClientOrderId clientOrderId) => _inner.Cancel(symbolId, clientOrderId);
    }

    internal sealed class ThrowingStage : IEventHandler<InputEvent>
    {
        private readonly long _at;

        public ThrowingStage(long throwAtSequence) => _at = throwAtSequence;

        public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
        {
            data.JournalSequence = 0;
            if (sequence == _at)
            {
                throw new IOException("disk full");
            }
        }
    }
}
