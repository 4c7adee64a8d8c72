using QuantumTrader.Engine.Ring;
using QuantumTrader.Stages.Model;
using QuantumTrader.Stages.State;

namespace QuantumTrader.Stages.Risk;

/// <summary>
/// Gating: the in-line, mandatory gate. It owns the <see cref="TradingState"/>: applies halt requests,
/// applies order outcomes (fills move positions; rejects, cancels and expiries release exposure), blocks
/// every order while HALTED, only risk-reducing orders while REDUCING, and orders that would take exposure
/// (position plus orders still open) past the per-symbol notional limit. Fail closed: no price, no
/// approval; an unknown order outcome keeps its exposure and holds trading in REDUCING until resolved; a
/// symbol whose market data is unusable (book out of sync, stream stale or disconnected) only reduces risk.
/// </summary>
/// <remarks>Runs on one stage thread. The open-order table is pre-sized; lookups never iterate it in hash order.</remarks>
public sealed class GatingStage : IEventHandler<InputEvent>
{
    private readonly TradingState _state;
    private readonly long _maxPositionNotionalRaw;
    private readonly long[] _openExposure;
    private readonly long[] _blocked = new long[8];
    private readonly Dictionary<long, OpenOrder> _open = new(4096);
    private readonly byte[] _feedDown;
    private readonly long _decisionBase;
    private int _unresolved;

    /// <summary>Creates the gate over <paramref name="state"/> with a per-symbol notional limit (raw quote units).</summary>
    /// <param name="state">The trading state this gate owns.</param>
    /// <param name="symbols">Number of instruments.</param>
    /// <param name="maxPositionNotionalRaw">Per-symbol exposure limit, raw quote units.</param>
    /// <param name="decisionBase">Base of decision ids (client order ids): the journal's next sequence when the
    /// run started, so that ids never repeat across restarts; 0 without a journal.</param>
    public GatingStage(TradingState state, int symbols, long maxPositionNotionalRaw, long decisionBase = 0)
    {
        _decisionBase = decisionBase;
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _maxPositionNotionalRaw = maxPositionNotionalRaw;
        _openExposure = new long[symbols];
        _feedDown = new byte[symbols];
    }

    /// <summary>True while <paramref name="symbolId"/>'s market data is unusable (the symbol is REDUCING).</summary>
    public bool IsFeedUnhealthy(ushort symbolId) => _feedDown[symbolId] != 0;

    /// <summary>Orders approved.</summary>
    public long Approved { get; private set; }

    /// <summary>Fills applied.</summary>
    public long Fills { get; private set; }

    /// <summary>Fill reports that added nothing to an order's cumulative filled quantity (repeats, ignored).</summary>
    public long DuplicateFills { get; private set; }

    /// <summary>Order outcomes for orders this gate never approved (counted, ignored).</summary>
    public long UnknownOrderUpdates { get; private set; }

    /// <summary>Orders blocked for <paramref name="reason"/>.</summary>
    public long BlockedFor(GateReason reason) => _blocked[(int)reason];

    /// <summary>Orders blocked, all reasons.</summary>
    public long Blocked
    {
        get
        {
            long sum = 0;
            foreach (var b in _blocked)
            {
                sum += b;
            }

            return sum;
        }
    }

    /// <summary>The trading state this gate owns.</summary>
    public TradingState State => _state;

    /// <summary>Open exposure (approved, not yet filled or closed) of <paramref name="symbolId"/>, raw signed quantity.</summary>
    public long OpenExposure(ushort symbolId) => _openExposure[symbolId];

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        data.Approved = false;
        data.GateReason = 0;
        data.DecisionId = 0;
        _state.ApplyRequests();
        if (data.Kind == InputKind.OrderUpdate)
        {
            ApplyOrderUpdate(ref data);
        }
        else if (data.Kind == InputKind.FeedState && data.SymbolId < _feedDown.Length)
        {
            ApplyFeedState(data.SymbolId, (FeedStateCode)data.Code);
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

        var symbol = data.SignalSymbolId;
        var signed = data.SignalSide == Side.Buy ? data.OrderQuantity.Raw : -data.OrderQuantity.Raw;
        _openExposure[symbol] += signed;
        data.Approved = true;
        data.DecisionId = _decisionBase + sequence + 1;
        Approved++;
        _open[data.DecisionId] = new OpenOrder(symbol, signed);
    }

    private void ApplyOrderUpdate(ref InputEvent e)
    {
        var key = e.ClientOrderId.Sequence;
        if (!_open.TryGetValue(key, out var order))
        {
            UnknownOrderUpdates++;
            return;
        }

        var code = (OrderUpdateCode)e.Code;
        switch (code)
        {
            case OrderUpdateCode.PartiallyFilled:
            case OrderUpdateCode.Filled:
            {
                // The same fill can arrive twice (the REST result and the user stream): apply only what the
                // cumulative filled quantity adds to what this order already filled.
                var side = (Side)(e.Flags & 0xFF);
                var cumulative = e.Aux0 != 0 ? e.Aux0 : order.Filled + e.Quantity.Raw;
                var delta = cumulative - order.Filled;
                if (delta <= 0)
                {
                    DuplicateFills++;
                    if (code == OrderUpdateCode.Filled && order.Remaining == 0)
                    {
                        Close(key, order);
                    }

                    break;
                }

                var signedFill = side == Side.Buy ? delta : -delta;
                _state.ApplyFill(order.Symbol, side, new Quantity(delta), e.ExchangeTimeNs);
                _openExposure[order.Symbol] -= signedFill;
                order = order with { Remaining = order.Remaining - signedFill, Filled = cumulative };
                Fills++;
                if (code == OrderUpdateCode.Filled || order.Remaining == 0)
                {
                    Close(key, order);
                }
                else
                {
                    _open[key] = order;
                }

                break;
            }

            case OrderUpdateCode.Canceled:
            case OrderUpdateCode.Expired:
            case OrderUpdateCode.Rejected:
            case OrderUpdateCode.ResolvedNotFound:
                _openExposure[order.Symbol] -= order.Remaining;
                Close(key, order);
                break;
            case OrderUpdateCode.UnknownOutcome:
                if (!order.Unknown)
                {
                    _open[key] = order with { Unknown = true };
                    _unresolved++;
                    if (_state.Mode == TradingMode.Active)
                    {
                        _state.SetMode(TradingMode.Reducing, $"unknown outcome of order {e.ClientOrderId}: resolving by client order id");
                    }
                }

                break;
            case OrderUpdateCode.Accepted:
                if (order.Unknown)
                {
                    _open[key] = order with { Unknown = false };
                    Resolved();
                }

                break;
        }
    }

    // Per-symbol feed health, one bit per cause: the book (resyncing, gap, buffer overflow until back in sync),
    // staleness (until fresh), the connection (until reconnected). Any bit set: the symbol only reduces risk.
    private void ApplyFeedState(ushort symbol, FeedStateCode code)
    {
        const byte Book = 1, Stale = 2, Connection = 4;
        ref var down = ref _feedDown[symbol];
        down = code switch
        {
            FeedStateCode.BookInSync => (byte)(down & ~Book),
            FeedStateCode.BookResyncing or FeedStateCode.BookGap or FeedStateCode.BufferOverflow => (byte)(down | Book),
            FeedStateCode.Stale => (byte)(down | Stale),
            FeedStateCode.Fresh => (byte)(down & ~Stale),
            FeedStateCode.Disconnected => (byte)(down | Connection),
            FeedStateCode.Connected => (byte)(down & ~Connection),
            _ => down,
        };
    }

    private void Close(long key, OpenOrder order)
    {
        _open.Remove(key);
        if (order.Unknown)
        {
            Resolved();
        }
    }

    private void Resolved()
    {
        _unresolved--;
        if (_unresolved == 0 && _state.Mode == TradingMode.Reducing && _state.ModeReason.StartsWith("unknown outcome", StringComparison.Ordinal))
        {
            _state.SetMode(TradingMode.Active, "every unknown order outcome resolved");
        }
    }

    private GateReason Check(ref InputEvent data)
    {
        var mode = _state.Mode;
        if (mode == TradingMode.Halted)
        {
            return GateReason.Halted;
        }

        var id = data.SignalSymbolId;
        var exposure = _state.Position(id).Raw + _openExposure[id];
        var signed = data.SignalSide == Side.Buy ? data.OrderQuantity.Raw : -data.OrderQuantity.Raw;
        var after = exposure + signed;
        if (mode == TradingMode.Reducing && Math.Abs(after) >= Math.Abs(exposure))
        {
            return GateReason.ReducingOnly;
        }

        if (_feedDown[id] != 0 && Math.Abs(after) >= Math.Abs(exposure))
        {
            return GateReason.FeedUnhealthy;
        }

        var price = data.OrderReferencePrice.Raw; // the reference sizing priced this order at (ingest's rule)
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

    private readonly record struct OpenOrder(ushort Symbol, long Remaining, bool Unknown = false, long Filled = 0);
}
