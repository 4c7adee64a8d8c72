using QuantumTrader.Model;
using QuantumTrader.Model.State;

namespace QuantumTrader.Stages.State;

// Design:
//   The trading modes are owned by the gating stage's thread and touched by no other.
//   Every mode change is made by the owner on an event of the ring (a control event, an order outcome, or a
//   halt request it applies), and the owner reports it in the slot so the journal records it: a replay sees
//   the same changes at the same events. Other threads (a stage fault on another thread) may only *request* a
//   halt through a volatile field; the owner applies it on its next event, where it becomes a journaled change.
//   A mode is global or per symbol; a symbol trades under the stricter of the two (HALTED > REDUCING > ACTIVE).
//   Orders, positions, PnL and equity are not here: the ledger (Stages.Account) is their one owner; the gate
//   reads them through IOrderLedger.

/// <summary>Trading modes (global and per symbol), owned by the gating stage.</summary>
/// <remarks>Only <see cref="RequestHalt"/>, <see cref="IsHaltRequested"/> and the read-only getters may be called
/// from other threads; mode changes are owner-only and internal to the stages.</remarks>
public sealed class TradingState
{
    private readonly TradingMode[] _symbolModes;
    private volatile string? _haltRequest;
    private bool _haltApplied;

    /// <summary>Creates the state for <paramref name="symbols"/> instruments, starting in <paramref name="initialMode"/>
    /// (engine.start_mode; journaled at start with <see cref="ModeCause.Start"/>).</summary>
    public TradingState(int symbols, TradingMode initialMode = TradingMode.Active)
    {
        _symbolModes = new TradingMode[Math.Max(1, symbols)];
        Mode = initialMode;
        StartMode = initialMode;
    }

    /// <summary>The mode the run started in.</summary>
    public TradingMode StartMode { get; }

    /// <summary>The global mode (owner thread writes; others may read a recent value).</summary>
    public TradingMode Mode { get; private set; }

    /// <summary>Why the global mode was last changed (typed: logic reads this, never <see cref="ModeReason"/>).</summary>
    public ModeCause Cause { get; private set; } = ModeCause.Start;

    /// <summary>Why the global mode was last changed, for people (the report); the stage fault's text for a halt request.</summary>
    public string ModeReason { get; private set; } = Describe(ModeCause.Start);

    /// <summary>True once a halt was requested (any thread; a volatile read). The route stage checks it before
    /// every send, so a fault in a stage after the gate (the journal, say) stops orders the gate already approved.
    /// Latched for the run: an operator's resume changes the gate's mode, not this.</summary>
    public bool IsHaltRequested => _haltRequest is not null;

    /// <summary>Asks the owner to move to HALTED at its next event (any thread).</summary>
    public void RequestHalt(string reason) => _haltRequest = reason;

    /// <summary>The mode of <paramref name="symbolId"/>'s own scope (without the global mode).</summary>
    public TradingMode SymbolMode(ushort symbolId) => _symbolModes[symbolId];

    /// <summary>The mode <paramref name="symbolId"/> trades under: the stricter of the global and its own.</summary>
    public TradingMode EffectiveMode(ushort symbolId)
    {
        var symbol = _symbolModes[symbolId];
        return symbol > Mode ? symbol : Mode;
    }

    /// <summary>Owner only: applies a pending halt request (once); true and the change when the mode changed.</summary>
    internal bool ApplyRequests(out ModeChange change)
    {
        change = default;
        var request = _haltRequest;
        if (request is null || _haltApplied)
        {
            return false;
        }

        _haltApplied = true;
        if (!SetMode(TradingMode.Halted, ModeCause.StageFault, out change))
        {
            return false;
        }

        ModeReason = request;
        return true;
    }

    /// <summary>Owner only: sets the global mode; true and the change when the mode or its cause changed (the
    /// cause alone matters: REDUCING for an unknown outcome ends when it is resolved, for any other cause not).</summary>
    internal bool SetMode(TradingMode mode, ModeCause cause, out ModeChange change)
    {
        change = new ModeChange(false, 0, Mode, mode, cause);
        if (mode == Mode && cause == Cause)
        {
            return false;
        }

        Mode = mode;
        Cause = cause;
        ModeReason = Describe(cause);
        return true;
    }

    /// <summary>Owner only: sets <paramref name="symbolId"/>'s own mode; true and the change when it changed.</summary>
    internal bool SetSymbolMode(ushort symbolId, TradingMode mode, ModeCause cause, out ModeChange change)
    {
        ref var current = ref _symbolModes[symbolId];
        change = new ModeChange(true, symbolId, current, mode, cause);
        if (mode == current)
        {
            return false;
        }

        current = mode;
        return true;
    }

    /// <summary>Text of a cause, for people (no allocation: constant strings).</summary>
    public static string Describe(ModeCause cause) => cause switch
    {
        ModeCause.Start => "start",
        ModeCause.Operator => "operator command",
        ModeCause.UnknownOrderOutcome => "unknown order outcome: resolving by client order id",
        ModeCause.UnknownOutcomesResolved => "every unknown order outcome resolved",
        ModeCause.StageFault => "stage fault",
        ModeCause.DiskSpaceLow => "journal disk space below the floor: only reducing risk",
        ModeCause.DiskSpaceExhausted => "journal disk space exhausted",
        ModeCause.NotReconciled => "live venue not reconciled with the exchange: no new risk",
        ModeCause.FeedDead => "market feed dead",
        ModeCause.DiskSpaceRecovered => "journal disk space recovered",
        ModeCause.DailyLossLimit => "daily loss limit reached",
        ModeCause.DrawdownBreaker => "drawdown breaker tripped",
        ModeCause.RepeatedRejects => "repeated order rejects",
        _ => "unspecified",
    };
}
