using QuantumTrader.Engine.Queues;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Gateway.Simulated;

/// <summary>
/// The in-process order port for paper trading and backtests: orders are checked against the same filters
/// as live (at the reference price carried on the request), reach the simulated matching engine after the latency model's delay (in event time), fill by the
/// fill model, pay the slippage and fee models, and every outcome is published as an
/// <see cref="InputKind.OrderUpdate"/>, exactly like the live gateway.
/// </summary>
/// <remarks>
/// Determinism: time is the market data's event time (<see cref="OnMarketEvent"/>), never the wall clock;
/// pending requests are matched in (arrival time, submission order). Given the same sequence of market events
/// and submissions, the outcomes are identical. Threading: <see cref="Submit"/>/<see cref="Cancel"/> from one
/// producer thread (queued lock-free); <see cref="OnMarketEvent"/> and <see cref="Advance"/> from one market
/// thread, which owns all state. No allocation per event after warm-up.
/// </remarks>
public sealed class SimulatedExchange : IOrderGateway
{
    private readonly SpscQueue<Pending> _incoming = new(4096);
    private readonly List<Pending> _pending = new(256);
    private readonly List<Resting> _resting = new(256);
    private readonly List<Conditional> _conditional = new(256);
    private readonly InstrumentRegistry _instruments;
    private readonly IInputSink _sink;
    private readonly IFillModel _fill;
    private readonly IFeeModel _fee;
    private readonly ISlippageModel _slippage;
    private readonly ILatencyModel _latency;
    private readonly SymbolFilters[] _filters;
    private readonly MarketSnapshot[] _markets;
    private readonly long[] _positions;
    private long _nowNs;
    private long _arrivals;
    private long _nextOrderId = 1;
    private long _nextTradeId = 1;
    private long _fundingPayments;

    private struct Pending
    {
        public bool IsCancel;
        public OrderRequest Order;
        public long ArrivalNs;
        public long Arrival;
    }

    private struct Conditional
    {
        public OrderRequest Order;
        public long OrderId;
        public long Extreme; // trailing stops: best price since activation (0: not active yet)
    }

    private struct Resting
    {
        public OrderRequest Order;
        public long OrderId;
        public long Filled;
    }

    /// <summary>Creates a simulator for the registered instruments.</summary>
    /// <param name="instruments">Instruments (filters derived from tick, step and min notional unless <paramref name="info"/> has them).</param>
    /// <param name="sink">Where order updates go.</param>
    /// <param name="fill">Fill model.</param>
    /// <param name="fee">Fee model.</param>
    /// <param name="slippage">Slippage model.</param>
    /// <param name="latency">Latency model.</param>
    /// <param name="info">Optional exchangeInfo filters (same as live).</param>
    public SimulatedExchange(InstrumentRegistry instruments, IInputSink sink, IFillModel fill, IFeeModel fee, ISlippageModel slippage, ILatencyModel latency, ExchangeInfo? info = null)
    {
        _instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _fill = fill ?? throw new ArgumentNullException(nameof(fill));
        _fee = fee ?? throw new ArgumentNullException(nameof(fee));
        _slippage = slippage ?? throw new ArgumentNullException(nameof(slippage));
        _latency = latency ?? throw new ArgumentNullException(nameof(latency));
        _filters = new SymbolFilters[instruments.Count];
        _markets = new MarketSnapshot[instruments.Count];
        _positions = new long[instruments.Count];
        for (ushort i = 0; i < instruments.Count; i++)
        {
            var instrument = instruments[i];
            _filters[i] = info is not null && info.TryGet(instrument.Symbol, out var f)
                ? f
                : new SymbolFilters
                {
                    Symbol = instrument.Symbol,
                    TickSize = instrument.TickSize.Raw,
                    StepSize = instrument.StepSize.Raw,
                    MinQuantity = instrument.StepSize.Raw,
                    MinNotional = instrument.MinNotional,
                };
        }
    }

    /// <summary>Event time the simulator has reached (ns).</summary>
    public long NowNs => _nowNs;

    /// <summary>Position of a symbol (raw, signed).</summary>
    public long PositionOf(ushort symbolId) => _positions[symbolId];

    /// <summary>Funding payments made (one per symbol with a position at each funding time).</summary>
    public long FundingPayments => _fundingPayments;

    /// <summary>Resting limit orders.</summary>
    public int RestingCount => _resting.Count;

    /// <summary>Conditional orders (stop-market, take-profit-market, trailing stop) waiting for their trigger.</summary>
    public int ConditionalCount => _conditional.Count;

    /// <inheritdoc />
    public bool Submit(in OrderRequest request)
    {
        var p = new Pending { Order = request, ArrivalNs = request.DecisionTimeNs + _latency.DelayNs(request) };
        return _incoming.TryEnqueue(p);
    }

    /// <inheritdoc />
    public bool Cancel(ushort symbolId, ClientOrderId clientOrderId)
    {
        var p = new Pending { IsCancel = true };
        p.Order.SymbolId = symbolId;
        p.Order.ClientOrderId = clientOrderId;
        p.ArrivalNs = -1; // stamped with the current event time when drained
        return _incoming.TryEnqueue(p);
    }

    /// <summary>Feeds one market event (trade, aggTrade, bookTicker, book update, mark price): moves event time,
    /// updates the market, matches requests that have arrived by then, then fills resting orders the market now reaches.</summary>
    public void OnMarketEvent(in InputEvent e)
    {
        if (e.SymbolId >= _markets.Length)
        {
            return;
        }

        var time = e.ExchangeTimeNs != 0 ? e.ExchangeTimeNs : e.ReceiveTimeNs;
        ref var m = ref _markets[e.SymbolId];
        switch (e.Kind)
        {
            case InputKind.BookTicker:
            case InputKind.BookUpdate:
                m.BidPrice = e.BidPrice.Raw;
                m.BidQuantity = e.BidQuantity.Raw;
                m.AskPrice = e.AskPrice.Raw;
                m.AskQuantity = e.AskQuantity.Raw;
                break;
            case InputKind.Trade:
            case InputKind.AggTrade:
                m.LastTradePrice = e.Price.Raw;
                m.LastPrice = e.Price.Raw;
                break;
            case InputKind.MarkPrice:
                m.MarkPrice = e.Price.Raw;
                Advance(time);
                SettleFunding(e.SymbolId, in e, time);
                MatchResting(e.SymbolId);
                TriggerConditional(e.SymbolId);
                m.LastTradePrice = 0;
                return;
            default:
                Advance(time);
                return;
        }

        // The market as of this event is what requests arriving at this time see.
        Advance(time);
        MatchResting(e.SymbolId);
        TriggerConditional(e.SymbolId);
        m.LastTradePrice = 0; // a trade reaches resting orders once
    }

    /// <summary>Moves event time forward (a timer) and processes requests that have arrived by then.</summary>
    public void Advance(long nowNs)
    {
        if (nowNs > _nowNs)
        {
            _nowNs = nowNs;
        }

        while (_incoming.TryDequeue(out var p))
        {
            if (p.ArrivalNs < 0)
            {
                p.ArrivalNs = _nowNs;
            }

            p.Arrival = _arrivals++;
            _pending.Add(p);
        }

        while (true)
        {
            var next = -1;
            for (var i = 0; i < _pending.Count; i++)
            {
                var c = _pending[i];
                if (c.ArrivalNs <= _nowNs && (next < 0 || c.ArrivalNs < _pending[next].ArrivalNs
                    || (c.ArrivalNs == _pending[next].ArrivalNs && c.Arrival < _pending[next].Arrival)))
                {
                    next = i;
                }
            }

            if (next < 0)
            {
                return;
            }

            var request = _pending[next];
            _pending.RemoveAt(next);
            if (request.IsCancel)
            {
                DoCancel(request.Order);
            }
            else
            {
                DoPlace(request.Order);
            }
        }
    }

    private void DoPlace(in OrderRequest order)
    {
        if (order.SymbolId >= _filters.Length)
        {
            Publish(order, OrderUpdateCode.Rejected, OrderRejectReason.UnknownSymbol, 0, 0, 0, 0, 0);
            return;
        }

        ref readonly var m = ref _markets[order.SymbolId];

        // The same local checks as the live gateway, at the reference the order was decided at (journaled with it).
        var reason = _filters[order.SymbolId].Validate(order, order.ReferencePrice.Raw);
        if (reason == OrderRejectReason.None && order.Type is OrderType.StopMarket or OrderType.TakeProfitMarket or OrderType.TrailingStopMarket)
        {
            // Conditional: it rests until its trigger (reduce-only and close-position are checked when it fires,
            // against the position then, as the venue does).
            var id = _nextOrderId++;
            _conditional.Add(new Conditional { Order = order, OrderId = id });
            Publish(order, OrderUpdateCode.Accepted, OrderRejectReason.None, 0, id, 0, 0, 0);
            return;
        }

        if (reason == OrderRejectReason.None && order.ReduceOnly && !Reduces(order))
        {
            reason = OrderRejectReason.ReduceOnly;
        }

        if (reason != OrderRejectReason.None)
        {
            Publish(order, OrderUpdateCode.Rejected, reason, 0, 0, 0, 0, 0);
            return;
        }

        var orderId = _nextOrderId++;
        var limit = order.Type == OrderType.Limit ? order.Price.Raw : 0;
        var crosses = order.Type == OrderType.Market
            || (m.HasBook && (order.Side == Side.Buy ? m.AskPrice <= limit : m.BidPrice >= limit));
        if (order.TimeInForce == TimeInForce.Gtx && crosses)
        {
            Publish(order, OrderUpdateCode.Rejected, OrderRejectReason.PostOnlyWouldCross, -5022, orderId, 0, 0, 0);
            return;
        }

        long filled = 0;
        if (crosses)
        {
            var price = _fill.Aggress(order.Side, order.Quantity.Raw, limit, m, out var qty);
            if (qty > 0)
            {
                price = _slippage.Apply(order.Side, price, qty, _filters[order.SymbolId].TickSize, m);
                filled = qty;
                Fill(order, orderId, price, qty, qty, maker: false);
            }
        }

        if (filled == order.Quantity.Raw)
        {
            return;
        }

        if (order.Type == OrderType.Market || order.TimeInForce is TimeInForce.Ioc or TimeInForce.Fok)
        {
            Publish(order, OrderUpdateCode.Expired, OrderRejectReason.None, 0, orderId, 0, 0, filled);
            return;
        }

        _resting.Add(new Resting { Order = order, OrderId = orderId, Filled = filled });
        if (filled == 0)
        {
            Publish(order, OrderUpdateCode.Accepted, OrderRejectReason.None, 0, orderId, 0, 0, 0);
        }
    }

    private void DoCancel(in OrderRequest order)
    {
        for (var i = 0; i < _conditional.Count; i++)
        {
            var c = _conditional[i];
            if (c.Order.ClientOrderId == order.ClientOrderId && c.Order.SymbolId == order.SymbolId)
            {
                _conditional.RemoveAt(i);
                Publish(c.Order, OrderUpdateCode.Canceled, OrderRejectReason.None, 0, c.OrderId, 0, 0, 0);
                return;
            }
        }

        for (var i = 0; i < _resting.Count; i++)
        {
            var r = _resting[i];
            if (r.Order.ClientOrderId == order.ClientOrderId && r.Order.SymbolId == order.SymbolId)
            {
                _resting.RemoveAt(i);
                Publish(r.Order, OrderUpdateCode.Canceled, OrderRejectReason.None, 0, r.OrderId, 0, 0, r.Filled);
                return;
            }
        }

        Publish(order, OrderUpdateCode.CancelRejected, OrderRejectReason.UnknownOrder, -2011, 0, 0, 0, 0);
    }

    private void MatchResting(ushort symbolId)
    {
        ref readonly var m = ref _markets[symbolId];
        for (var i = 0; i < _resting.Count; i++)
        {
            var r = _resting[i];
            if (r.Order.SymbolId != symbolId)
            {
                continue;
            }

            var remaining = r.Order.Quantity.Raw - r.Filled;
            var qty = _fill.Passive(r.Order.Side, remaining, r.Order.Price.Raw, m);
            if (qty <= 0)
            {
                continue;
            }

            r.Filled += qty;
            Fill(r.Order, r.OrderId, r.Order.Price.Raw, qty, r.Filled, maker: true);
            if (r.Filled >= r.Order.Quantity.Raw)
            {
                _resting.RemoveAt(i--);
            }
            else
            {
                _resting[i] = r;
            }
        }
    }

    // Design: conditional orders are checked after every market event of their symbol, in placement order, against
    // the price they watch (last trade or mark, as the order says): a stop-market buys at or above its trigger and
    // sells at or below it; a take-profit-market the other way round; a trailing stop follows the best price since
    // its activation price was reached (at once without one) and fires when the price comes back by its callback
    // rate. A fired order executes as a market order on the book as it is then, with the slippage model; a
    // close-position order closes the whole position at that moment, and one that would open or grow a position
    // (reduce-only or close-position with nothing to reduce) expires. All on event time: deterministic.
    private void TriggerConditional(ushort symbolId)
    {
        ref readonly var m = ref _markets[symbolId];
        for (var i = 0; i < _conditional.Count; i++)
        {
            var c = _conditional[i];
            if (c.Order.SymbolId != symbolId)
            {
                continue;
            }

            var price = c.Order.TriggerOn == TriggerPrice.Mark ? m.MarkPrice : m.LastPrice;
            if (price <= 0)
            {
                continue; // nothing to watch yet
            }

            if (!Fires(ref c, price))
            {
                _conditional[i] = c; // a trailing stop's extreme moved
                continue;
            }

            _conditional.RemoveAt(i--);
            Execute(c.Order, c.OrderId);
        }
    }

    private static bool Fires(ref Conditional c, long price)
    {
        var buy = c.Order.Side == Side.Buy;
        var trigger = c.Order.StopPrice.Raw;
        switch (c.Order.Type)
        {
            case OrderType.StopMarket:
                return buy ? price >= trigger : price <= trigger;
            case OrderType.TakeProfitMarket:
                return buy ? price <= trigger : price >= trigger;
            default:
                if (c.Extreme == 0)
                {
                    // Activation: at once without an activation price; else once the price reaches it.
                    if (trigger > 0 && (buy ? price > trigger : price < trigger))
                    {
                        return false;
                    }

                    c.Extreme = price;
                    return false;
                }

                c.Extreme = buy ? Math.Min(c.Extreme, price) : Math.Max(c.Extreme, price);
                var back = (long)((Int128)c.Extreme * c.Order.CallbackRateBasisPoints / 10_000);
                return buy ? price >= c.Extreme + back : price <= c.Extreme - back;
        }
    }

    private void Execute(in OrderRequest conditional, long orderId)
    {
        var order = conditional;
        var position = _positions[order.SymbolId];
        if (order.ClosePosition)
        {
            order.Quantity = new Quantity(Math.Abs(position));
        }

        var reducesOnly = order.ReduceOnly || order.ClosePosition;
        var closing = position != 0 && (order.Side == Side.Sell ? position > 0 : position < 0);
        if (reducesOnly && (!closing || order.Quantity.Raw <= 0))
        {
            Publish(conditional, OrderUpdateCode.Expired, OrderRejectReason.None, 0, orderId, 0, 0, 0);
            return;
        }

        if (reducesOnly && order.Quantity.Raw > Math.Abs(position))
        {
            order.Quantity = new Quantity(Math.Abs(position)); // never flips the position
        }

        ref readonly var m = ref _markets[order.SymbolId];
        var price = _fill.Aggress(order.Side, order.Quantity.Raw, 0, m, out var qty);
        if (qty <= 0)
        {
            Publish(order, OrderUpdateCode.Expired, OrderRejectReason.None, 0, orderId, 0, 0, 0); // no book to take
            return;
        }

        price = _slippage.Apply(order.Side, price, qty, _filters[order.SymbolId].TickSize, m);
        Fill(order, orderId, price, qty, qty, maker: false);
        if (qty < order.Quantity.Raw)
        {
            Publish(order, OrderUpdateCode.Expired, OrderRejectReason.None, 0, orderId, 0, 0, qty);
        }
    }

    private bool Reduces(in OrderRequest order)
    {
        var position = _positions[order.SymbolId];
        return position != 0 && (order.Side == Side.Sell ? position > 0 : position < 0) && order.Quantity.Raw <= Math.Abs(position);
    }

    // Design: funding as Binance settles it: at each funding time (the markPrice stream's next funding time, T), a
    // position pays or receives position × mark × rate (longs pay a positive rate), at the first mark price event at
    // or after that time, in event time. Published as an account update the ledger books, never computed by the engine.
    private void SettleFunding(ushort symbol, in InputEvent mark, long time)
    {
        ref var m = ref _markets[symbol];
        if (m.NextFundingNs != 0 && time >= m.NextFundingNs && _positions[symbol] != 0 && m.FundingRate != 0)
        {
            var position = _positions[symbol];
            var notional = (Int128)position * mark.Price.Raw / FixedPoint.Scale;
            var payment = (long)(-notional * m.FundingRate / FixedPoint.Scale);
            var evt = default(InputEvent);
            evt.Kind = InputKind.AccountUpdate;
            evt.Venue = Venue.Simulated;
            evt.SymbolId = symbol;
            evt.Code = (ushort)AccountUpdateCode.Funding;
            evt.ExchangeTimeNs = m.NextFundingNs;
            evt.ReceiveTimeNs = _nowNs;
            evt.Price = mark.Price;
            evt.Aux0 = payment;
            evt.Aux1 = m.FundingRate;
            evt.Aux2 = position;
            _fundingPayments++;
            _sink.Publish(in evt);
        }

        m.FundingRate = mark.Aux0;
        if (mark.Aux2 > m.NextFundingNs)
        {
            m.NextFundingNs = mark.Aux2;
        }
    }

    private void Fill(in OrderRequest order, long orderId, long price, long qty, long cumulative, bool maker)
    {
        _positions[order.SymbolId] += order.Side == Side.Buy ? qty : -qty;
        var fee = _fee.Fee(SymbolFilters.Notional(price, qty), maker);
        var code = cumulative >= order.Quantity.Raw ? OrderUpdateCode.Filled : OrderUpdateCode.PartiallyFilled;
        Publish(order, code, OrderRejectReason.None, _nextTradeId++, orderId, price, qty, cumulative, fee, maker);
    }

    // aux2: the venue error code of a rejection, the trade id of a fill (OrderUpdateLayout).
    private void Publish(in OrderRequest order, OrderUpdateCode code, OrderRejectReason reason, long venueCode, long orderId, long price, long qty, long cumulative, long fee = 0, bool maker = false)
    {
        var evt = default(InputEvent);
        evt.Kind = InputKind.OrderUpdate;
        evt.Venue = Venue.Simulated;
        evt.SymbolId = order.SymbolId;
        evt.Code = (ushort)code;
        evt.Flags = (ushort)((ushort)order.Side | (maker ? OrderUpdateLayout.MakerFlag : 0));
        evt.ClientOrderId = order.ClientOrderId;
        evt.SourceSequence = orderId;
        evt.ExchangeTimeNs = _nowNs;
        evt.ReceiveTimeNs = _nowNs;
        evt.Price = new Price(price);
        evt.Quantity = new Quantity(qty);
        evt.Aux0 = cumulative;
        evt.Aux1 = fee;
        evt.Aux2 = venueCode;
        evt.Aux3 = (long)reason;
        _sink.Publish(in evt);
    }
}
