using QuantumTrader.Stages.Model;

namespace QuantumTrader.Stages.State;

// Design:
//   The business state (mode and positions) is owned by the gating stage's thread and touched by no other.
//   Other threads (a stage fault on another thread, the control socket) may only *request* a halt through a
//   volatile flag; the owner applies the request on its next event, where it becomes a journaled transition.
//   Positions are per symbol, in raw fixed-point base quantity, signed (long > 0).

/// <summary>Trading mode and positions, owned by the gating stage.</summary>
/// <remarks>Only <see cref="RequestHalt"/> and the read-only getters may be called from other threads.</remarks>
public sealed class TradingState : Signal.IPositionView
{
    private readonly long[] _positions;
    private readonly long[] _lastClose;
    private volatile string? _haltRequest;

    /// <summary>Creates the state for <paramref name="symbols"/> instruments, starting in <paramref name="initialMode"/>.</summary>
    public TradingState(int symbols, TradingMode initialMode = TradingMode.Active)
    {
        _positions = new long[Math.Max(1, symbols)];
        _lastClose = new long[Math.Max(1, symbols)];
        Mode = initialMode;
    }

    /// <summary>The global mode (owner thread writes; others may read a recent value).</summary>
    public TradingMode Mode { get; private set; }

    /// <summary>Why the mode was last changed.</summary>
    public string ModeReason { get; private set; } = "start";

    /// <summary>True once a halt was requested (any thread; a volatile read). The route stage checks it before
    /// every send, so a fault in a stage after the gate (the journal, say) stops orders the gate already approved.</summary>
    public bool IsHaltRequested => _haltRequest is not null;

    /// <summary>Asks the owner to move to HALTED at its next event (any thread).</summary>
    public void RequestHalt(string reason) => _haltRequest = reason;

    /// <summary>Owner only: applies a pending halt request; true when the mode changed.</summary>
    public bool ApplyRequests()
    {
        var request = _haltRequest;
        if (request is null || Mode == TradingMode.Halted)
        {
            return false;
        }

        SetMode(TradingMode.Halted, request);
        return true;
    }

    /// <summary>Owner only: sets the mode.</summary>
    public void SetMode(TradingMode mode, string reason)
    {
        if (mode == Mode)
        {
            return;
        }

        Mode = mode;
        ModeReason = reason;
    }

    /// <summary>Signed position of <paramref name="symbolId"/> (raw base quantity).</summary>
    public Quantity Position(ushort symbolId) => new(_positions[symbolId]);

    /// <summary>Owner only: applies a fill to the position at event time <paramref name="timeNs"/>.</summary>
    public void ApplyFill(ushort symbolId, Side side, Quantity quantity, long timeNs = 0)
    {
        var before = _positions[symbolId];
        var after = before + (side == Side.Buy ? quantity.Raw : -quantity.Raw);
        _positions[symbolId] = after;
        if (before != 0 && (after == 0 || Math.Sign(after) != Math.Sign(before)))
        {
            _lastClose[symbolId] = timeNs; // flat (or flipped through flat): the position closed
        }
    }

    /// <inheritdoc />
    public bool IsOpen(ushort symbolId) => Volatile.Read(ref _positions[symbolId]) != 0;

    /// <inheritdoc />
    public long LastCloseTimeNs(ushort symbolId) => Volatile.Read(ref _lastClose[symbolId]);
}
