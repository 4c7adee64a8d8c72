namespace QuantumTrader.Model.State;

/// <summary>
/// Why a trading mode changed: a typed cause, journaled with the change and carried by the control event that
/// asked for it (<see cref="Model.ControlLayout"/>). Stable numeric values: journaled. Logic that depends on
/// why a mode was entered (for example, leaving REDUCING once every unknown order outcome is resolved) reads
/// this, never the text of a reason.
/// </summary>
public enum ModeCause : ushort
{
    /// <summary>Not set.</summary>
    None = 0,

    /// <summary>The configured start mode (engine.start_mode).</summary>
    Start = 1,

    /// <summary>An operator's command (control endpoint, ctl).</summary>
    Operator = 2,

    /// <summary>An order's outcome is unknown; resolving it by client order id.</summary>
    UnknownOrderOutcome = 3,

    /// <summary>Every unknown order outcome was resolved.</summary>
    UnknownOutcomesResolved = 4,

    /// <summary>A stage threw; the scope halts.</summary>
    StageFault = 5,

    /// <summary>Free disk space under the journal fell below the configured floor: only reduce risk.</summary>
    DiskSpaceLow = 6,

    /// <summary>Free disk space under the journal fell below the halt floor: the run stops cleanly.</summary>
    DiskSpaceExhausted = 7,

    /// <summary>A live venue has no clean reconciliation with the exchange yet: no new risk.</summary>
    NotReconciled = 8,

    /// <summary>The live market feed is dead (never connected, or lost past its budget).</summary>
    FeedDead = 9,

    /// <summary>Free disk space is back above the floor.</summary>
    DiskSpaceRecovered = 10,

    /// <summary>Equity fell by the daily loss limit from the day's start (gate.daily_loss_limit): REDUCING or HALTED per
    /// gate.daily_loss_mode; only an operator lifts it.</summary>
    DailyLossLimit = 11,

    /// <summary>Equity fell by the drawdown limit from its peak (gate.max_drawdown): REDUCING or HALTED per
    /// gate.drawdown_mode; only an operator lifts it.</summary>
    DrawdownBreaker = 12,

    /// <summary>The venue rejected gate.max_consecutive_rejects orders of a symbol in a row: that symbol HALTED; only an
    /// operator lifts it.</summary>
    RepeatedRejects = 13,
}
