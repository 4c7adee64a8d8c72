using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;

namespace QuantumTrader.Stages.Tests.Exits;

/// <summary>
/// A hand-set account for the exit owner's tests: positions, prices and our orders are set by the test (the real
/// ledger derives them from order updates); <see cref="Register"/> is what the gate does for an approved order.
/// Unrealized PnL is (mark − entry) × position.
/// </summary>
internal sealed class FakeAccount : IOrderLedger
{
    private readonly long[] _position;
    private readonly long[] _entry;
    private readonly long[] _opened;
    private readonly long[] _stop;
    private readonly long[] _takeProfit;
    private readonly long[] _mark;
    private readonly List<OrderView> _orders = new();

    public FakeAccount(int symbols)
    {
        SymbolCount = symbols;
        _position = new long[symbols];
        _entry = new long[symbols];
        _opened = new long[symbols];
        _stop = new long[symbols];
        _takeProfit = new long[symbols];
        _mark = new long[symbols];
    }

    public int SymbolCount { get; }

    public IReadOnlyList<OrderView> Orders => _orders;

    /// <summary>Opens a position (signed raw quantity) at <paramref name="entry"/> with its entry's stop and take-profit.</summary>
    public void Open(ushort s, long quantity, long entry, long stop, long takeProfit, long atNs)
    {
        _position[s] = quantity;
        _entry[s] = entry;
        _opened[s] = atNs;
        _stop[s] = stop;
        _takeProfit[s] = takeProfit;
        _mark[s] = entry;
    }

    public void SetMark(ushort s, long mark) => _mark[s] = mark;

    /// <summary>Sets the position's size (a partial fill of an exit); 0 makes it flat.</summary>
    public void SetPosition(ushort s, long quantity)
    {
        _position[s] = quantity;
        if (quantity == 0)
        {
            _entry[s] = _opened[s] = _stop[s] = _takeProfit[s] = 0;
        }
    }

    public void SetState(long decisionId, OrderState state)
    {
        for (var i = 0; i < _orders.Count; i++)
        {
            if (_orders[i].DecisionId == decisionId)
            {
                _orders[i] = _orders[i] with { State = state };
                return;
            }
        }

        throw new InvalidOperationException($"no order {decisionId}");
    }

    /// <summary>Fills our order: a close-position order flattens, a reduce-only one reduces by its quantity.</summary>
    public void Fill(long decisionId)
    {
        var order = Order(decisionId);
        SetState(decisionId, OrderState.Filled);
        var s = order.SymbolId;
        var size = Math.Abs(_position[s]);
        var left = order.Quantity == 0 ? 0 : Math.Max(0, size - order.Quantity);
        SetPosition(s, Math.Sign(_position[s]) * left);
    }

    public OrderView Order(long decisionId)
    {
        foreach (var o in _orders)
        {
            if (o.DecisionId == decisionId)
            {
                return o;
            }
        }

        throw new InvalidOperationException($"no order {decisionId}");
    }

    public void Register(long decisionId, in InputEvent slot) =>
        _orders.Add(new OrderView(decisionId, slot.OrderSymbolId, slot.OrderSide, slot.Purpose, OrderState.PendingNew,
            slot.OrderQuantity.Raw, 0, slot.OrderStopPrice.Raw, slot.ExchangeTimeNs));

    public long Position(ushort symbolId) => _position[symbolId];

    public long AverageEntry(ushort symbolId) => _entry[symbolId];

    public long PositionOpenedNs(ushort symbolId) => _opened[symbolId];

    public long InitialStopPrice(ushort symbolId) => _stop[symbolId];

    public long TakeProfitPrice(ushort symbolId) => _takeProfit[symbolId];

    public long MarkPrice(ushort symbolId) => _mark[symbolId];

    public long UnrealizedPnl(ushort symbolId) =>
        _position[symbolId] == 0 ? 0 : (long)((Int128)(_mark[symbolId] - _entry[symbolId]) * _position[symbolId] / FixedPoint.Scale);

    public long OpenEntryExposure(ushort symbolId) => 0;

    public int OpenOrders
    {
        get
        {
            var n = 0;
            foreach (var o in _orders)
            {
                n += Live(o.State) ? 1 : 0;
            }

            return n;
        }
    }

    public int UnresolvedOrders => 0;

    public int OpenPositions
    {
        get
        {
            var n = 0;
            foreach (var p in _position)
            {
                n += p != 0 ? 1 : 0;
            }

            return n;
        }
    }

    public long Wallet => 0;

    public long Equity => 0;

    public long PeakEquity => 0;

    public long DayStartEquity => 0;

    public long RealizedPnl => 0;

    public long Fees => 0;

    public long Funding => 0;

    public long MarginUsed => 0;

    public bool TryFindOrder(ushort symbolId, OrderPurpose purpose, out OrderView order)
    {
        for (var i = _orders.Count - 1; i >= 0; i--)
        {
            var o = _orders[i];
            if (o.SymbolId == symbolId && o.Purpose == purpose && Live(o.State))
            {
                order = o;
                return true;
            }
        }

        order = default;
        return false;
    }

    public bool TryGetOrder(long decisionId, out OrderView order)
    {
        foreach (var o in _orders)
        {
            if (o.DecisionId == decisionId)
            {
                order = o;
                return true;
            }
        }

        order = default;
        return false;
    }

    private static bool Live(OrderState state) =>
        state is OrderState.PendingNew or OrderState.New or OrderState.PartiallyFilled or OrderState.Unknown;
}
