namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// Stable numeric ids of the trading record types in the journal. Never renumber: journals on disk and
/// peripheral readers depend on them. A reader skips ids it does not know (and counts them).
/// </summary>
public static class JournalRecordType
{
    /// <summary>An input event as it entered the engine (market data, exchange response, control, timer), with its validation verdict.</summary>
    public const ushort Input = 1;

    /// <summary>Inference output and the signal stage's decision (legacy <c>ai.signal_generated</c>).</summary>
    public const ushort Signal = 2;

    /// <summary>An entry intent: a directional signal strong enough to size (legacy <c>trade.intent</c>).</summary>
    public const ushort Intent = 3;

    /// <summary>The sizing stage's decision (legacy <c>sizing.decided</c>).</summary>
    public const ushort Sizing = 4;

    /// <summary>The gating stage's verdict on a sized order (legacy <c>governor.events</c>).</summary>
    public const ushort GateVerdict = 5;

    /// <summary>An order request handed to the route stage (legacy <c>apply.plan</c>).</summary>
    public const ushort OrderRequest = 6;

    /// <summary>An instrument definition, written when a run starts so the journal names its symbols.</summary>
    public const ushort Instrument = 7;

    /// <summary>A trading mode change (global or one symbol) with its typed cause, or the run's start mode (legacy <c>policy.updated</c>).</summary>
    public const ushort ModeChange = 8;
    /// <summary>A model of a model set the run used, at start and at each swap (legacy <c>model.retrain</c>); 8 is ModeChange.</summary>
    public const ushort ModelLoad = 9;

    /// <summary>A cancel of one of our resting orders handed to the route stage (an exit's replaced stop, a flatten).</summary>
    public const ushort CancelRequest = 10;

    /// <summary>Short name of a record type for tools (<c>journal tail --type</c>), or null when unknown.</summary>
    public static string? Name(ushort type) => type switch
    {
        Input => "input",
        Signal => "signal",
        Intent => "intent",
        Sizing => "sizing",
        GateVerdict => "gate",
        OrderRequest => "order",
        Instrument => "instrument",
        ModeChange => "mode",
        ModelLoad => "model",
        CancelRequest => "cancel",
        _ => null,
    };

    /// <summary>The type id of a short name, or 0 when unknown.</summary>
    public static ushort FromName(string name) => name switch
    {
        "input" => Input,
        "signal" => Signal,
        "intent" => Intent,
        "sizing" => Sizing,
        "gate" => GateVerdict,
        "order" => OrderRequest,
        "instrument" => Instrument,
        "mode" => ModeChange,
        "model" => ModelLoad,
        "cancel" => CancelRequest,
        _ => 0,
    };
}
