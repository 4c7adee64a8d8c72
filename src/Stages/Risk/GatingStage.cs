using QuantumTrader.Engine.Ring;
using QuantumTrader.Stages.Model;
using QuantumTrader.Stages.State;

namespace QuantumTrader.Stages.Risk;

/// <summary>
/// Gating: the in-line, mandatory gate. It owns the <see cref="TradingState"/>: applies halt requests,
/// blocks every order while HALTED, only risk-reducing orders while REDUCING, and orders that would take
/// exposure (position plus orders still open) past the per-symbol notional limit. Fail closed: no price,
/// no approval.
/// </summary>
public sealed class GatingStage : IEventHandler<InputEvent>
{
    private readonly TradingState _state;
    private readonly long _maxPositionNotionalRaw;
    private readonly long[] _openExposure;
    private readonly long[] _lastPrice;
    private readonly long[] _blocked = new long[8];

    /// <summary>Creates the gate over <paramref name="state"/> with a per-symbol notional limit (raw quote units).</summary>
    public GatingStage(TradingState state, int symbols, long maxPositionNotionalRaw)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _maxPositionNotionalRaw = maxPositionNotionalRaw;
        _openExposure = new long[symbols];
        _lastPrice = new long[symbols];
    }

    /// <summary>Orders approved.</summary>
    public long Approved { get; private set; }

    /// <summary>Orders blocked for <paramref name="reason"/>.</summary>
    public long BlockedFor(GateReason reason) => _blocked[(int)reason];

    /// <summary>The trading state this gate owns.</summary>
    public TradingState State => _state;

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        data.Approved = false;
        data.GateReason = 0;
        _state.ApplyRequests();
        if (data.Valid && data.SymbolId < _lastPrice.Length)
        {
            if (data.Kind is InputKind.BookTicker or InputKind.BookUpdate)
            {
                _lastPrice[data.SymbolId] = (data.BidPrice.Raw / 2) + (data.AskPrice.Raw / 2);
            }
            else if (data.Kind is InputKind.Trade or InputKind.AggTrade)
            {
                _lastPrice[data.SymbolId] = data.Price.Raw;
            }
        }

        if (data.OrderQuantity.Raw <= 0 || data.SignalSide == Side.None)
        {
            return;
        }

        var reason = Check(ref data);
        if (reason != GateReason.None)
        {
            data.GateReason = (byte)reason;
            _blocked[(int)reason]++;
            return;
        }

        var signed = data.SignalSide == Side.Buy ? data.OrderQuantity.Raw : -data.OrderQuantity.Raw;
        _openExposure[data.SymbolId] += signed;
        data.Approved = true;
        Approved++;
    }

    private GateReason Check(ref InputEvent data)
    {
        var mode = _state.Mode;
        if (mode == TradingMode.Halted)
        {
            return GateReason.Halted;
        }

        var id = data.SymbolId;
        var exposure = _state.Position(id).Raw + _openExposure[id];
        var signed = data.SignalSide == Side.Buy ? data.OrderQuantity.Raw : -data.OrderQuantity.Raw;
        var after = exposure + signed;
        if (mode == TradingMode.Reducing && Math.Abs(after) >= Math.Abs(exposure))
        {
            return GateReason.ReducingOnly;
        }

        var price = _lastPrice[id];
        if (price <= 0)
        {
            return GateReason.NoPrice;
        }

        var notional = (Int128)Math.Abs(after) * price / FixedPoint.Scale;
        if (notional > _maxPositionNotionalRaw && Math.Abs(after) > Math.Abs(exposure))
        {
            return GateReason.PositionLimit;
        }

        return GateReason.None;
    }
}
