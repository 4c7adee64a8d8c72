using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Wait;
using QuantumTrader.Engine.Time;
using QuantumTrader.Host.Config;
using QuantumTrader.Host.Replay;
using QuantumTrader.Stages.Ingest;
using QuantumTrader.Stages.Model;
using QuantumTrader.Stages.Ports;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Stages.Routing;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Stages.Signal;
using QuantumTrader.Stages.Sources;
using QuantumTrader.Stages.State;

namespace QuantumTrader.Host.Composition;

/// <summary>
/// The composition root of the pipeline: builds the input ring, every stage, and the stage groups with
/// their threads, cores and wait strategies, from config. The one place implementations are chosen.
/// </summary>
public sealed class TradingEngine
{
    private TradingEngine(
        QuantumTraderConfig config,
        InstrumentRegistry instruments,
        RingBuffer<InputEvent> ring,
        Pipeline<InputEvent> pipeline,
        FaultReportingExceptionHandler<InputEvent> faults,
        TradingState state,
        IngestStage ingest,
        SizingStage sizing,
        GatingStage gating,
        RouteStage route,
        SignalStage signal,
        InferenceStage inference,
        FeaturesStage features,
        IReadOnlyList<string> modelRefusals)
    {
        Config = config;
        Instruments = instruments;
        Ring = ring;
        Pipeline = pipeline;
        Faults = faults;
        State = state;
        Ingest = ingest;
        Sizing = sizing;
        Gating = gating;
        Route = route;
        Signal = signal;
        Inference = inference;
        Features = features;
        ModelRefusals = modelRefusals;
        Sink = new RingInputSink(ring);
    }

    /// <summary>The effective configuration.</summary>
    public QuantumTraderConfig Config { get; }

    /// <summary>The instruments traded.</summary>
    public InstrumentRegistry Instruments { get; }

    /// <summary>The input ring.</summary>
    public RingBuffer<InputEvent> Ring { get; }

    /// <summary>The stage groups on the ring.</summary>
    public Pipeline<InputEvent> Pipeline { get; }

    /// <summary>Where stage faults are counted.</summary>
    public FaultReportingExceptionHandler<InputEvent> Faults { get; }

    /// <summary>Trading mode and positions (owned by the gating stage's thread).</summary>
    public TradingState State { get; }

    /// <summary>The producers' entry into the ring.</summary>
    public IInputSink Sink { get; }

    /// <summary>Ingest + normalize stage.</summary>
    public IngestStage Ingest { get; }

    /// <summary>Features stage.</summary>
    public FeaturesStage Features { get; }

    /// <summary>Inference stage (the ONNX ensemble).</summary>
    public InferenceStage Inference { get; }

    /// <summary>Where a reloaded model set is staged for the inference stage (see <see cref="ModelSwapMailbox"/>).</summary>
    public required ModelSwapMailbox ModelSwap { get; init; }

    /// <summary>The serving feature settings (a model must have been trained with the same).</summary>
    public required FeatureOptions FeatureOptions { get; init; }

    /// <summary>Why configured models were refused at load (empty when all loaded).</summary>
    public IReadOnlyList<string> ModelRefusals { get; }

    /// <summary>Signal stage.</summary>
    public SignalStage Signal { get; }

    /// <summary>Sizing stage.</summary>
    public SizingStage Sizing { get; }

    /// <summary>Gating stage.</summary>
    public GatingStage Gating { get; }

    /// <summary>Route stage.</summary>
    public RouteStage Route { get; }

    /// <summary>Builds the engine from <paramref name="config"/>, sending orders to <paramref name="gateway"/>.</summary>
    /// <param name="config">Validated configuration.</param>
    /// <param name="gateway">The order port (simulated or live).</param>
    /// <param name="clock">Clock for latency stamps at the edges.</param>
    /// <param name="latency">Receives tick-to-route latency per slot, or null.</param>
    /// <param name="journalStage">Makes the journal stage from the instruments, or null for a run that journals nothing.</param>
    /// <param name="decisionBase">Base of decision ids (client order ids): the journal's next sequence at start.</param>
    /// <param name="ensemble">The models, or null to load [inference] from config (tests pass their own).</param>
    /// <param name="models">Where the run's model sets are kept (the journal stage reads it), or null for a new one.</param>
    public static TradingEngine Build(QuantumTraderConfig config, IOrderGateway gateway, IClock clock, ILatencySink? latency, Func<InstrumentRegistry, IEventHandler<InputEvent>>? journalStage = null, long decisionBase = 0, Ensemble? ensemble = null, ModelSwapMailbox? models = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var instruments = ConfigInstruments.BuildRegistry(config.Market, Venue.BinanceUsdM);
        var ring = config.Engine.Producer == "single"
            ? RingBuffer<InputEvent>.CreateSingleProducer(config.Engine.RingSize)
            : RingBuffer<InputEvent>.CreateMultiProducer(config.Engine.RingSize);
        var state = new TradingState(instruments.Count, TradingMode.Active);
        var faults = new FaultReportingExceptionHandler<InputEvent>(f => state.RequestHalt($"stage {f.Stage} faulted at sequence {f.Sequence}: {f.Exception.GetType().Name}: {f.Exception.Message}"));
        var pipeline = new Pipeline<InputEvent>(ring, faults);

        var strategy = config.Strategy;
        var ingest = new IngestStage(instruments.Count);
        var featureOptions = StageOptions.Features(config);
        var features = new FeaturesStage(featureOptions, instruments.Count);
        var inferenceOptions = StageOptions.Inference(config);
        var schema = FeatureSchemas.Current;
        IReadOnlyList<string> refusals = [];
        ensemble ??= Ensemble.LoadAvailable(inferenceOptions, schema, featureOptions, out refusals);
        var mailbox = models ?? new ModelSwapMailbox();
        mailbox.Start(ensemble);
        var inference = new InferenceStage(inferenceOptions, ensemble, schema.Count, instruments.Count, mailbox);
        var signal = new SignalStage(StageOptions.Signal(config), instruments.Count, state, null);
        var sizing = new SizingStage(instruments, ToRaw(strategy.OrderNotional));
        var gating = new GatingStage(state, instruments.Count, ToRaw(strategy.MaxPositionNotional), decisionBase);
        var route = new RouteStage(gateway, (ushort)config.Engine.InstanceId, clock, latency, state);
        var stages = new Dictionary<string, IEventHandler<InputEvent>>(StringComparer.Ordinal)
        {
            ["ingest"] = ingest,
            ["features"] = features,
            ["inference"] = inference,
            ["signal"] = signal,
            ["sizing"] = sizing,
            ["gating"] = gating,
            ["journal"] = journalStage?.Invoke(instruments) ?? new UnjournaledStage(),
            ["route"] = route,
        };

        StageHandle? previous = null;
        foreach (var group in config.Engine.Groups)
        {
            var members = new List<(string Name, IEventHandler<InputEvent> Handler)>();
            foreach (var name in group.Stages)
            {
                members.Add((name, stages[name]));
            }

            var wait = WaitStrategies.Create(group.Wait);
            previous = previous is null
                ? pipeline.AddGroup(group.Name, members, wait, group.Core)
                : pipeline.AddGroup(group.Name, members, wait, group.Core, previous);
        }

        return new TradingEngine(config, instruments, ring, pipeline, faults, state, ingest, sizing, gating, route, signal, inference, features, refusals)
        {
            ModelSwap = mailbox,
            FeatureOptions = featureOptions,
        };
    }

    /// <summary>
    /// Builds the engine journaling into <paramref name="journal"/>: the journal stage before route, decision
    /// ids (client order ids) continuing from the journal's next sequence, so they never repeat across restarts,
    /// and the models journaled (model load records) and copied beside the journal (see <see cref="ModelArchive"/>),
    /// so a replay loads the same models.
    /// </summary>
    public static TradingEngine BuildJournaled(QuantumTraderConfig config, IOrderGateway gateway, IClock clock, ILatencySink? latency, JournalWriter journal)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(journal);
        var instanceId = (ushort)config.Engine.InstanceId;
        var models = new ModelSwapMailbox();
        var engine = Build(config, gateway, clock, latency, instruments => new JournalStage(journal, instanceId, instruments, models), journal.NextSequence, models: models);
        engine.ModelArchive = new ModelArchive(journal.Directory);
        engine.ModelArchive.Add(engine.Inference.ActiveEnsemble);
        return engine;
    }

    /// <summary>Where the run's model files are copied beside its journal, or null for a run that journals nothing.</summary>
    public ModelArchive? ModelArchive { get; private set; }

    private static long ToRaw(double quote) => (long)Math.Round(quote * FixedPoint.Scale);
}
