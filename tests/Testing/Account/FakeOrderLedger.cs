using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;

namespace QuantumTrader.Testing.Account;

/// <summary>
/// A small hand-made <see cref="IOrderLedger"/> for the gate's tests: account figures set directly, orders kept in a
/// list (registered by the gate, filled or cancelled by the test). Not the ledger: no PnL, no fees; a fill moves the
/// position at the order's reference price and an entry's fill sets the position's initial stop.
/// </summary>
public sealed class FakeOrderLedger : IOrderLedger
{
    private readonly long[] _position;
    private readonly long[] _entry;
    private readonly long[] _stop;
    private readonly long[] _mark;
    private readonly List<Order> _orders = new();

    /// <summary>An account of <paramref name="symbols"/> instruments with <paramref name="equity"/> (quote, whole units)
    /// as wallet, equity, peak and day-start equity, every mark at <paramref name="mark"/> (whole units).</summary>
    public FakeOrderLedger(int symbols, long equity = 10_000, long mark = 100)
    {
        SymbolCount = symbols;
        _position = new long[symbols];
        _entry = new long[symbols];
        _stop = new long[symbols];
        _mark = new long[symbols];
        Array.Fill(_mark, mark * FixedPoint.Scale);
        Equity = PeakEquity = DayStartEquity = equity * FixedPoint.Scale;
    }

    /// <summary>One order as this fake keeps it.</summary>
    public sealed class Order
    {
        /// <summary>Its view (state, filled quantity).</summary>
        public OrderView View { get; set; }

        /// <summary>The stop-loss price an entry was sized with.</summary>
        public long StopLoss { get; init; }

        /// <summary>The reference price it was sized at (its fill price here).</summary>
        public long Reference { get; init; }

        /// <summary>A close-position order (closes whatever the position is).</summary>
        public bool ClosePosition { get; init; }

        /// <summary>Not in a final state.</summary>
        public bool Live => View.State is OrderState.PendingNew or OrderState.New or OrderState.PartiallyFilled or OrderState.Unknown;
    }

    /// <summary>The orders registered, oldest first.</summary>
    public IReadOnlyList<Order> Orders => _orders;

    /// <inheritdoc />
    public int SymbolCount { get; }

    /// <summary>Sets the position of <paramref name="symbol"/> directly (raw signed quantity, raw prices).</summary>
    public void SetPosition(ushort symbol, long quantity, long entry, long initialStop)
    {
        _position[symbol] = quantity;
        _entry[symbol] = quantity == 0 ? 0 : entry;
        _stop[symbol] = quantity == 0 ? 0 : initialStop;
    }

    /// <summary>Sets the mark price of <paramref name="symbol"/> (raw; 0: none).</summary>
    public void SetMark(ushort symbol, long mark) => _mark[symbol] = mark;

    /// <inheritdoc />
    public long Position(ushort symbolId) => _position[symbolId];

    /// <inheritdoc />
    public long AverageEntry(ushort symbolId) => _entry[symbolId];

    /// <inheritdoc />
    public long PositionOpenedNs(ushort symbolId) => 0;

    /// <inheritdoc />
    public long InitialStopPrice(ushort symbolId) => _stop[symbolId];

    /// <inheritdoc />
    public long TakeProfitPrice(ushort symbolId) => 0;

    /// <inheritdoc />
    public long MarkPrice(ushort symbolId) => _mark[symbolId];

    /// <inheritdoc />
    public long UnrealizedPnl(ushort symbolId) => 0;

    /// <inheritdoc />
    public long OpenEntryExposure(ushort symbolId)
    {
        long sum = 0;
        foreach (var o in _orders)
        {
            if (o.Live && o.View.SymbolId == symbolId && o.View.Purpose == OrderPurpose.Entry)
            {
                var remaining = o.View.Quantity - o.View.Filled;
                sum += o.View.Side == Side.Buy ? remaining : -remaining;
            }
        }

        return sum;
    }

    /// <inheritdoc />
    public int OpenOrders
    {
        get
        {
            var n = 0;
            foreach (var o in _orders)
            {
                n += o.Live ? 1 : 0;
            }

            return n;
        }
    }

    /// <inheritdoc />
    public int UnresolvedOrders { get; set; }

    /// <inheritdoc />
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

    /// <inheritdoc />
    public long Wallet => Equity;

    /// <inheritdoc />
    public long Equity { get; set; }

    /// <inheritdoc />
    public long PeakEquity { get; set; }

    /// <inheritdoc />
    public long DayStartEquity { get; set; }

    /// <inheritdoc />
    public long RealizedPnl => 0;

    /// <inheritdoc />
    public long Fees => 0;

    /// <inheritdoc />
    public long Funding => 0;

    /// <inheritdoc />
    public long MarginUsed => 0;

    /// <inheritdoc />
    public bool TryFindOrder(ushort symbolId, OrderPurpose purpose, out OrderView order)
    {
        for (var i = _orders.Count - 1; i >= 0; i--)
        {
            var o = _orders[i];
            if (o.Live && o.View.SymbolId == symbolId && o.View.Purpose == purpose)
            {
                order = o.View;
                return true;
            }
        }

        order = default;
        return false;
    }

    /// <inheritdoc />
    public bool TryGetOrder(long decisionId, out OrderView order)
    {
        foreach (var o in _orders)
        {
            if (o.View.DecisionId == decisionId)
            {
                order = o.View;
                return true;
            }
        }

        order = default;
        return false;
    }

    /// <inheritdoc />
    public void Register(long decisionId, in InputEvent slot)
    {
        _orders.Add(new Order
        {
            View = new OrderView(decisionId, slot.OrderSymbolId, slot.OrderSide, slot.Purpose, OrderState.PendingNew,
                slot.OrderQuantity.Raw, 0, slot.OrderStopPrice.Raw, slot.ExchangeTimeNs),
            StopLoss = slot.StopLossPrice.Raw,
            Reference = slot.OrderReferencePrice.Raw > 0 ? slot.OrderReferencePrice.Raw : _mark[slot.OrderSymbolId],
            ClosePosition = slot.ClosePosition,
        });
    }

    /// <summary>Fills <paramref name="quantity"/> (raw; a close-position order: the whole position) of the order; an
    /// exit's fill never goes past flat nor adds to a position, as reduce-only at the venue.</summary>
    public void Fill(long decisionId, long quantity)
    {
        var o = _orders.Find(x => x.View.DecisionId == decisionId) ?? throw new InvalidOperationException($"no order {decisionId}");
        var v = o.View;
        var s = v.SymbolId;
        if (v.Purpose != OrderPurpose.Entry)
        {
            // Reduce-only at the venue: nothing fills that would not reduce the position as it is now (flat, or a
            // new position on the exit's own side).
            var reduces = _position[s] != 0 && (_position[s] > 0) == (v.Side == Side.Sell);
            var held = reduces ? Math.Abs(_position[s]) : 0;
            quantity = o.ClosePosition ? held : Math.Min(quantity, held);
        }
        else
        {
            quantity = Math.Min(quantity, v.Quantity - v.Filled);
        }

        var before = _position[s];
        var after = before + (v.Side == Side.Buy ? quantity : -quantity);
        _position[s] = after;
        if (before == 0 && after != 0)
        {
            _entry[s] = o.Reference;
            _stop[s] = o.StopLoss;
        }
        else if (after == 0)
        {
            _entry[s] = 0;
            _stop[s] = 0;
        }

        var filled = v.Filled + quantity;
        var done = o.ClosePosition || filled >= v.Quantity;
        o.View = v with { Filled = filled, State = done ? OrderState.Filled : OrderState.PartiallyFilled };
    }

    /// <summary>Ends the order in <paramref name="state"/> (cancelled, rejected, expired).</summary>
    public void End(long decisionId, OrderState state)
    {
        var o = _orders.Find(x => x.View.DecisionId == decisionId) ?? throw new InvalidOperationException($"no order {decisionId}");
        o.View = o.View with { State = state };
    }
}
