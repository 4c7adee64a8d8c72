using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Journal;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Wait;
using QuantumTrader.Engine.Time;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Stages.Ingest;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Stages.Routing;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Stages.Signal;
using QuantumTrader.Stages.Sources;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.Account;
using QuantumTrader.Stages.Exits;
using QuantumTrader.Stages.State;

namespace QuantumTrader.Runtime.Composition;

/// <summary>Makes an engine's order venue, given its instruments and the input sink the venue publishes its outcomes
/// into (acks, fills, rejections); called once while the engine is built (see <see cref="VenueFactory"/>).</summary>
public delegate IOrderGateway VenueBinder(InstrumentRegistry instruments, IInputSink outcomes);

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
        IReadOnlyList<string> modelRefusals,
        RefusalOutbox refusals,
        RingInputSink ringSink,
        RefusalRelaySink sink)
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
        RingSink = ringSink;
        Sink = sink;
        Refusals = refusals;
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

    /// <summary>The producers' entry into the ring: before each event it moves in the rejections the route stage
    /// reported (orders refused by the gateway or held by a halt), so the gate's book stays right.</summary>
    public IInputSink Sink { get; }

    /// <summary>The ring alone, without the route stage's rejections: for replay, whose journal already holds them.</summary>
    public IInputSink RingSink { get; }

    /// <summary>Rejections of orders the route stage did not send, on their way into the ring (see <see cref="Sink"/>).</summary>
    public RefusalOutbox Refusals { get; }

    /// <summary>Moves the route stage's waiting rejections into the ring (after the last event of a run, before draining).</summary>
    public int FlushRefusals() => Refusals.Drain(RingSink);

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

    /// <summary>The ledger: orders, positions, PnL, equity (owned by the gating stage's thread; read others' figures after the drain).</summary>
    public Ledger Ledger { get; private init; } = null!;

    /// <summary>The stage that feeds the ledger (runs inside the configured stage <c>gating</c>, first).</summary>
    public AccountStage Account { get; private init; } = null!;

    /// <summary>The exit owner (runs inside the configured stage <c>gating</c>, before the gate).</summary>
    public ExitStage Exits { get; private init; } = null!;

    /// <summary>Route stage.</summary>
    public RouteStage Route { get; }

    /// <summary>Builds the engine from <paramref name="config"/>, sending orders to <paramref name="gateway"/> (a venue that
    /// publishes no outcomes, or one the caller wired to a sink of its own).</summary>
    public static TradingEngine Build(QuantumTraderConfig config, IOrderGateway gateway, IClock clock, ILatencySink? latency, Func<InstrumentRegistry, IEventHandler<InputEvent>>? journalStage = null, long decisionBase = 0, Ensemble? ensemble = null, long run = 0, TradingMode? startMode = null, ModelSwapMailbox? models = null, Func<string, IEventHandler<InputEvent>>? groupProbe = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        return Build(config, (_, _) => gateway, clock, latency, journalStage, decisionBase, ensemble, run, startMode, models, groupProbe);
    }

    /// <summary>Builds the engine from <paramref name="config"/>, sending orders to the venue <paramref name="venue"/> makes.</summary>
    /// <param name="config">Validated configuration.</param>
    /// <param name="venue">Makes the order venue once the instruments and the engine's input sink (for the venue's
    /// outcomes) exist, before the route stage is built (usually <see cref="VenueFactory.Create"/>).</param>
    /// <param name="clock">Clock for latency stamps at the edges.</param>
    /// <param name="latency">Receives tick-to-route latency per slot, or null.</param>
    /// <param name="journalStage">Makes the journal stage from the instruments, or null for a run that journals nothing.</param>
    /// <param name="decisionBase">Base of decision ids (client order ids): the journal's next sequence at start.</param>
    /// <param name="ensemble">The models, or null to load [inference] from config (tests pass their own).</param>
    /// <param name="run">The journal's run identity, part of every client order id (0 without a journal).</param>
    /// <param name="startMode">The start mode instead of engine.start_mode (replay: the journaled one), or null.</param>
    /// <param name="models">Where the run's model sets are kept (the journal stage reads it), or null for a new one.</param>
    /// <param name="groupProbe">Makes, from a stage group's name, a handler run last in that group on its thread (a test
    /// observes the stage threads with it), or null for none.</param>
    public static TradingEngine Build(QuantumTraderConfig config, VenueBinder venue, IClock clock, ILatencySink? latency, Func<InstrumentRegistry, IEventHandler<InputEvent>>? journalStage = null, long decisionBase = 0, Ensemble? ensemble = null, long run = 0, TradingMode? startMode = null, ModelSwapMailbox? models = null, Func<string, IEventHandler<InputEvent>>? groupProbe = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(venue);
        CheckSignalBesideGating(config);
        var instruments = ConfigInstruments.BuildRegistry(config.Market, Venue.BinanceUsdM);
        var ring = config.Engine.Producer == "single"
            ? RingBuffer<InputEvent>.CreateSingleProducer(config.Engine.RingSize)
            : RingBuffer<InputEvent>.CreateMultiProducer(config.Engine.RingSize);
        var state = new TradingState(instruments.Count, startMode ?? StartMode(config));
        var faults = new FaultReportingExceptionHandler<InputEvent>(f => state.RequestHalt($"stage {f.Stage} faulted at sequence {f.Sequence}: {f.Exception.GetType().Name}: {f.Exception.Message}"));
        var pipeline = new Pipeline<InputEvent>(ring, faults);

        var ingest = new IngestStage(instruments.Count, StageOptions.Ingest(config));
        var featureOptions = StageOptions.Features(config);
        var features = new FeaturesStage(featureOptions, instruments.Count);
        var inferenceOptions = StageOptions.Inference(config);
        var schema = FeatureSchemas.Current;
        IReadOnlyList<string> refusals = [];
        ensemble ??= Ensemble.LoadAvailable(inferenceOptions, schema, featureOptions, out refusals);
        var mailbox = models ?? new ModelSwapMailbox();
        mailbox.Start(ensemble);
        var inference = new InferenceStage(inferenceOptions, ensemble, schema.Count, instruments.Count, mailbox);
        var sizingOptions = StageOptions.Sizing(config);
        var ledger = new Ledger(instruments.Count, sizingOptions, run); // the one owner of orders, positions and PnL
        var account = new AccountStage(ledger);
        var signal = new SignalStage(StageOptions.Signal(config), instruments.Count, ledger, null);
        var sizing = new SizingStage(instruments, sizingOptions, ledger);
        var exits = new ExitStage(instruments, config.Exits.ToOptions(), ledger);
        var gating = new GatingStage(state, ledger, GateSection.ToOptions(config), decisionBase, run);
        var outbox = new RefusalOutbox();
        var ringSink = new RingInputSink(ring);
        var sink = new RefusalRelaySink(ringSink, outbox);
        var gateway = venue(instruments, sink) ?? throw new InvalidOperationException("the venue factory made no venue");
        var route = new RouteStage(gateway, (ushort)config.Engine.InstanceId, clock, latency, state, outbox, run);
        var stages = new Dictionary<string, IEventHandler<InputEvent>>(StringComparer.Ordinal)
        {
            ["ingest"] = ingest,
            ["features"] = features,
            ["inference"] = inference,
            ["signal"] = signal,
            ["sizing"] = sizing,
            ["gating"] = new GatingSection(account, exits, gating), // ledger → exit owner → gate, one thread
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

            if (groupProbe is not null)
            {
                members.Add(("probe", groupProbe(group.Name)));
            }

            var wait = WaitStrategies.Create(group.Wait);
            previous = previous is null
                ? pipeline.AddGroup(group.Name, members, wait, group.Core)
                : pipeline.AddGroup(group.Name, members, wait, group.Core, previous);
        }

        return new TradingEngine(config, instruments, ring, pipeline, faults, state, ingest, sizing, gating, route, signal, inference, features, refusals, outbox, ringSink, sink)
        {
            ModelSwap = mailbox,
            FeatureOptions = featureOptions,
            Ledger = ledger,
            Exits = exits,
            Account = account,
        };
    }

    /// <summary>
    /// Builds the engine journaling into <paramref name="journal"/>: the journal stage before route (it journals the
    /// start mode first), decision ids continuing from the journal's next sequence, so they never repeat across
    /// restarts, the journal's run identity (<see cref="JournalRunIdentity"/>) in every client order id, so they
    /// never repeat across journals, and the models journaled (model load records) and copied beside the journal
    /// (see <see cref="ModelArchive"/>), so a replay loads the same models.
    /// </summary>
    /// <param name="config">Validated configuration.</param>
    /// <param name="venue">Makes the order venue (see <see cref="Build(QuantumTraderConfig, VenueBinder, IClock, ILatencySink?, Func{InstrumentRegistry, IEventHandler{InputEvent}}?, long, Ensemble?, long, TradingMode?, ModelSwapMailbox?, Func{string, IEventHandler{InputEvent}}?)"/>).</param>
    /// <param name="clock">Clock for latency stamps at the edges.</param>
    /// <param name="latency">Receives tick-to-route latency per slot, or null.</param>
    /// <param name="journal">The open journal.</param>
    /// <param name="ensemble">The models, or null to load [inference] from config (tests pass their own).</param>
    /// <param name="groupProbe">Makes, from a stage group's name, a handler run last in that group (see <c>Build</c>), or null.</param>
    public static TradingEngine BuildJournaled(QuantumTraderConfig config, VenueBinder venue, IClock clock, ILatencySink? latency, JournalWriter journal, Ensemble? ensemble = null, Func<string, IEventHandler<InputEvent>>? groupProbe = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(journal);
        var instanceId = (ushort)config.Engine.InstanceId;
        var run = JournalRunIdentity.Of(journal.Directory);
        var startMode = StartMode(config);
        var models = new ModelSwapMailbox();
        var engine = Build(config, venue, clock, latency, instruments => new JournalStage(journal, instanceId, instruments, startMode, run, models), journal.NextSequence, ensemble, run, startMode, models, groupProbe);
        engine.ModelArchive = new ModelArchive(journal.Directory);
        engine.ModelArchive.Add(engine.Inference.ActiveEnsemble);
        return engine;
    }

    /// <summary>Builds the engine journaling into <paramref name="journal"/>, sending orders to <paramref name="gateway"/>.</summary>
    public static TradingEngine BuildJournaled(QuantumTraderConfig config, IOrderGateway gateway, IClock clock, ILatencySink? latency, JournalWriter journal, Ensemble? ensemble = null, Func<string, IEventHandler<InputEvent>>? groupProbe = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        return BuildJournaled(config, (_, _) => gateway, clock, latency, journal, ensemble, groupProbe);
    }

    /// <summary>engine.start_mode as a mode.</summary>
    public static TradingMode StartMode(QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Engine.StartMode switch
        {
            "active" => TradingMode.Active,
            "reducing" => TradingMode.Reducing,
            "halted" => TradingMode.Halted,
            _ => throw new ArgumentException($"engine.start_mode: \"{config.Engine.StartMode}\" is not one of active | reducing | halted"),
        };
    }

    // The config binder reports this with the key and line; a config built in code is checked here.
    private static void CheckSignalBesideGating(QuantumTraderConfig config)
    {
        StageGroupSection? signal = null, gating = null;
        foreach (var group in config.Engine.Groups)
        {
            signal = group.Stages.Contains("signal") ? group : signal;
            gating = group.Stages.Contains("gating") ? group : gating;
        }

        if (signal is not null && gating is not null && !ReferenceEquals(signal, gating))
        {
            throw new ArgumentException($"engine.groups: stage \"signal\" (group {signal.Name}) and stage \"gating\" (group {gating.Name}) must run in the same group: the signal stage reads the positions the gating stage owns");
        }
    }

    /// <summary>Where the run's model files are copied beside its journal, or null for a run that journals nothing.</summary>
    public ModelArchive? ModelArchive { get; private set; }
}
