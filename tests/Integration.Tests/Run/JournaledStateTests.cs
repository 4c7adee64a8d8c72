using QuantumTrader.Runtime.Sources;
using QuantumTrader.Engine.Journal;
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
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;
using QuantumTrader.Testing;
using QuantumTrader.Testing.Inference;
using Xunit;

namespace QuantumTrader.Integration.Tests.Run;

/// <summary>
/// State changes are journaled events: the start mode and every mode change are in the journal and replay
/// verifies them; client order ids carry the journal's run identity, so they never repeat across journals or
/// restarts, and replay reproduces them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class JournaledStateTests : IDisposable
{
    private static readonly string Capture = TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz");
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("qt-journaled-state-");

    public void Dispose() => _dir.Delete(true);

    private static Ensemble StubEnsemble() => new([new ReturnSignClassifier()], [1.0], 1, 0);

    private static QuantumTraderConfig Config() => ConfigLoader.LoadDefault().GetConfigOrThrow();

    private static InputEvent Control(ControlCode code, ModeCause cause) => new() { Kind = InputKind.Control, Code = (ushort)code, Aux0 = (long)cause };

    /// <summary>A journaled lock-step capture run; <paramref name="controls"/> are published before the event of that index.</summary>
    private (TradingEngine Engine, List<OrderRequest> Sent) Run(string journal, QuantumTraderConfig config, Dictionary<long, InputEvent>? controls = null)
    {
        var options = JournalSetup.FromConfig(config, Path.Combine(_dir.FullName, journal), _dir.FullName, journal);
        using var writer = JournalWriter.Open(options, EpochClock.Instance);
        SimulatedExchange? made = null;
        PipelineRunTests.RecordingGateway? recording = null;
        var engine = TradingEngine.BuildJournaled(
            config,
            (instruments, outcomes) =>
            {
                made = new SimulatedExchange(instruments, outcomes, new TopOfBookFillModel(), new BasisPointFeeModel(), new TickSlippageModel(), new FixedLatencyModel(5_000_000));
                return recording = new PipelineRunTests.RecordingGateway(made);
            },
            MonotonicClock.Instance,
            new LatencyRecorder(),
            writer,
            StubEnsemble());
        var exchange = made!;
        var sink = new Injecting(new SimulatedVenueSink(engine.Sink, exchange, engine.Pipeline), controls ?? new());
        engine.Pipeline.Start();
        new CaptureReplay(Capture, engine.Instruments, MonotonicClock.Instance).Run(sink, 0, () => false);
        engine.FlushRefusals();
        Assert.True(engine.Pipeline.DrainAndHalt(TimeSpan.FromMinutes(2)));
        return (engine, recording!.Orders);
    }

    private List<(ModeChange Change, long Input)> Modes(string journal) => Read(journal, JournalRecordType.ModeChange, r =>
    {
        Assert.True(ModeChangeRecord.TryRead(r.Payload, r.Version, out var c, out var input));
        return (c, input);
    });

    private List<ClientOrderId> OrderIds(string journal) => Read(journal, JournalRecordType.OrderRequest, r =>
    {
        Assert.True(OrderRequestRecord.TryRead(r.Payload, r.Version, out var o, out _));
        return o.ClientOrderId;
    });

    private List<T> Read<T>(string journal, ushort type, Func<JournalRecord, T> decode)
    {
        var list = new List<T>();
        using var reader = JournalReader.Open(Path.Combine(_dir.FullName, journal));
        while (reader.TryRead(out var r) == JournalReadResult.Record)
        {
            if (r.Type == type)
            {
                list.Add(decode(r));
            }
        }

        return list;
    }

    private ReplayResult Verify(string journal, QuantumTraderConfig config)
    {
        var result = ReplayVerifier.Verify(Path.Combine(_dir.FullName, journal), config, StubEnsemble());
        Assert.Null(result.RefusedBecause);
        Assert.True(result.Divergences == 0, string.Join("; ", result.Details.Select(d => $"{d.InputSequence} {d.Record} {d.Detail}")));
        return result;
    }

    [Fact]
    public void PauseAndResumeMidRun_GateObeysModeChangesJournaledReplayVerifies()
    {
        var controls = new Dictionary<long, InputEvent>
        {
            [30_000] = Control(ControlCode.Pause, ModeCause.Operator),
            [60_000] = Control(ControlCode.Resume, ModeCause.Operator),
        };
        var (engine, sent) = Run("a", Config(), controls);

        Assert.True(engine.Gating.BlockedFor(GateReason.ReducingOnly) > 0, "the pause blocked nothing");
        Assert.NotEmpty(sent);
        var modes = Modes("a");
        Assert.Equal(
            [
                new ModeChange(false, 0, TradingMode.Active, TradingMode.Active, ModeCause.Start),
                new ModeChange(false, 0, TradingMode.Active, TradingMode.Reducing, ModeCause.Operator),
                new ModeChange(false, 0, TradingMode.Reducing, TradingMode.Active, ModeCause.Operator),
            ],
            modes.Select(m => m.Change));
        Assert.Equal(ModeChangeRecord.BeforeAnyInput, modes[0].Input);
        Assert.True(modes[1].Input > 0 && modes[2].Input > modes[1].Input);

        // The mode records are decision records of their slots, compared byte for byte like the others.
        var result = Verify("a", Config());
        Assert.True(result.DecisionRecords > sent.Count + 2);
    }

    [Fact]
    public void StartModeReducing_JournaledFirst_ReplayStartsThereWhateverItsConfigSays()
    {
        var config = Config();
        config.Engine.StartMode = "reducing";
        var (engine, sent) = Run("r", config);

        Assert.Empty(sent); // flat and REDUCING: nothing may open
        Assert.True(engine.Gating.BlockedFor(GateReason.ReducingOnly) > 0);
        Assert.Equal(new ModeChange(false, 0, TradingMode.Reducing, TradingMode.Reducing, ModeCause.Start), Modes("r")[0].Change);
        Verify("r", Config()); // engine.start_mode = active here: the journal's start mode wins
    }

    [Fact]
    public void ClientOrderIds_TwoFreshJournalsDisjoint_RestartContinues_ReplayReproduces()
    {
        var (_, sentA) = Run("a", Config());
        var (_, sentB) = Run("b", Config());
        var idsA = OrderIds("a");
        var idsB = OrderIds("b");
        Assert.NotEmpty(idsA);
        Assert.Equal(sentA.Select(o => o.ClientOrderId), idsA); // what was sent is what was journaled
        Assert.Equal(sentB.Select(o => o.ClientOrderId), idsB);
        Assert.Empty(idsA.Select(i => i.ToString()).Intersect(idsB.Select(i => i.ToString())));
        Assert.All(idsA, id => Assert.Matches("^[\\.A-Z\\:/a-z0-9_-]{1,36}$", id.ToString()));
        Assert.All(idsA, id => Assert.True(ClientOrderId.TryParse(id.ToString(), out var parsed) && parsed == id));

        Verify("b", Config());

        // A restart on journal a: the same run identity, decision ids past everything journaled before.
        var (_, sentAgain) = Run("a", Config());
        var all = OrderIds("a");
        Assert.Equal(idsA.Count + sentAgain.Count, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.NotEmpty(sentAgain);
        Assert.All(sentAgain, o => Assert.Equal(idsA[0].Run, o.ClientOrderId.Run));
    }

    private sealed class Injecting : IInputSink
    {
        private readonly IInputSink _inner;
        private readonly Dictionary<long, InputEvent> _controls;
        private long _published;

        public Injecting(IInputSink inner, Dictionary<long, InputEvent> controls)
        {
            _inner = inner;
            _controls = controls;
        }

        public void Publish(in InputEvent input)
        {
            if (_controls.TryGetValue(_published++, out var control))
            {
                _inner.Publish(in control);
            }

            _inner.Publish(in input);
        }
    }
}
