using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Stages.Signal;

namespace QuantumTrader.Stages.Account;

// Design:
//   The one owner of orders, positions and money, derived only from journaled inputs (order updates, funding
//   account updates, mark prices and the reference price ingest stamps on every slot) and from the gate's
//   registrations (which the journal has as order requests), so that LedgerRebuild gives the same numbers.
//   Money is exact: a position keeps its cost (Σ signed quantity × price, raw × raw = 10^-16 quote units) in an
//   Int128, and realized PnL is kept in the same units; a reduce removes its share of the cost (truncated), and
//   whatever that share is, realized + (position × mark − cost) is exactly Σ −(signed fill × fill price) +
//   position × mark. Figures are handed out in raw quote (10^-8), truncated toward zero once per figure.
//   Orders live in a pre-sized table: a dictionary from decision id to slot (looked up by key only, never
//   iterated), each symbol's live orders in a linked list in registration order (TryFindOrder walks it newest
//   first), and finished orders kept for TryGetOrder until their slot is needed again (oldest finished first).
//   A table full of live orders throws: the gate's stage faults and the engine halts (fail closed).
//   Fills are deduplicated by the venue's trade id against a ring of each symbol's recent trade ids, or, when a
//   fill has no trade id, by the cumulative filled quantity of the order.

/// <summary>
/// The PnL ledger: the order state machine of every order the gate approved, positions per symbol (signed quantity,
/// average entry, open time, the entry's stop and take-profit), realized PnL, fees, funding, unrealized PnL at the
/// mark price, wallet, equity, peak and day-start equity, margin used and the closed round trips that feed sizing's
/// Kelly inputs. Fed by <see cref="AccountStage"/> (<see cref="Apply"/>) and by the gate (<see cref="Register"/>) on
/// one stage thread; read by signal, sizing, the exit owner and the gate on that thread.
/// </summary>
/// <remarks>No allocation per event after construction; integer fixed point for all money; bad or foreign input is
/// counted and ignored, never thrown on.</remarks>
public sealed class Ledger : IOrderLedger, ISizingAccount, IPositionView
{
    private const long DayNs = 86_400_000_000_000;
    private const int None = -1;

    private readonly int _symbols;
    private readonly long _run;
    private readonly long _startingEquity;
    private readonly int _coldStartTrades;
    private readonly double _priorWinRate;
    private readonly double _priorPayoff;

    private readonly Order[] _orders;
    private readonly Dictionary<long, int> _index;
    private readonly int[] _free;
    private int _freeCount;
    private readonly int[] _finished; // FIFO of finished order slots, oldest first
    private int _finishedHead;
    private int _finishedCount;
    private readonly int[] _liveHead;
    private readonly int[] _liveTail;

    private readonly long[] _tradeIds;
    private readonly int[] _tradeIdNext;
    private readonly int _tradeIdsPerSymbol;

    private readonly long[] _position;
    private readonly Int128[] _cost;
    private readonly long[] _openedNs;
    private readonly long[] _initialStop;
    private readonly long[] _takeProfit;
    private readonly long[] _leverage;
    private readonly long[] _mark;
    private readonly bool[] _markFromEvent;
    private readonly long[] _unrealized;
    private readonly long[] _lastCloseNs;
    private readonly long[] _entryExposure;
    private readonly Int128[] _tradeRealized;
    private readonly long[] _tradeFees;
    private readonly long[] _tradeFunding;

    private Int128 _realized;
    private long _unrealizedSum;
    private long _fees;
    private long _funding;
    private long _peakEquity;
    private long _dayStartEquity;
    private long _day = long.MinValue;
    private int _openOrders;
    private int _unresolved;
    private int _openPositions;
    private int _wins;
    private int _losses;
    private long _sumWins;
    private long _sumLosses;
    private long _maxDrawdown;
    private readonly int[] _closedBy = new int[256];

    /// <summary>Creates an empty ledger.</summary>
    /// <param name="symbols">Number of instruments (ids 0..symbols−1).</param>
    /// <param name="options">Sizing options: <c>[risk] starting_equity</c> (the wallet before any trade), the cold-start
    /// trade count and the Kelly priors used until then.</param>
    /// <param name="run">The journal's run identity: an order update concerns this ledger only when its client order id
    /// carries the same (0 without a journal), as in the gate.</param>
    /// <param name="orderCapacity">Orders the table holds (live and finished; finished ones are forgotten oldest first
    /// when the table needs room).</param>
    /// <param name="tradeIdsPerSymbol">Recent trade ids remembered per symbol for fill deduplication.</param>
    public Ledger(int symbols, SizingOptions options, long run = 0, int orderCapacity = 4096, int tradeIdsPerSymbol = 256)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(symbols, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(orderCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tradeIdsPerSymbol, 1);
        options.Validate();
        _symbols = symbols;
        _run = run;
        _startingEquity = (long)Math.Round(options.StartingEquity * FixedPoint.Scale);
        _coldStartTrades = options.ColdStartTrades;
        _priorWinRate = options.PriorWinRate;
        _priorPayoff = options.PriorPayoff;
        _peakEquity = _startingEquity;
        _dayStartEquity = _startingEquity;

        _orders = new Order[orderCapacity];
        _index = new Dictionary<long, int>(orderCapacity);
        _free = new int[orderCapacity];
        for (var i = 0; i < orderCapacity; i++)
        {
            _free[i] = orderCapacity - 1 - i; // slot 0 first
        }

        _freeCount = orderCapacity;
        _finished = new int[orderCapacity];
        _liveHead = new int[symbols];
        _liveTail = new int[symbols];
        Array.Fill(_liveHead, None);
        Array.Fill(_liveTail, None);

        _tradeIdsPerSymbol = tradeIdsPerSymbol;
        _tradeIds = new long[symbols * tradeIdsPerSymbol];
        _tradeIdNext = new int[symbols];

        _position = new long[symbols];
        _cost = new Int128[symbols];
        _openedNs = new long[symbols];
        _initialStop = new long[symbols];
        _takeProfit = new long[symbols];
        _leverage = new long[symbols];
        _mark = new long[symbols];
        _markFromEvent = new bool[symbols];
        _unrealized = new long[symbols];
        _lastCloseNs = new long[symbols];
        _entryExposure = new long[symbols];
        _tradeRealized = new Int128[symbols];
        _tradeFees = new long[symbols];
        _tradeFunding = new long[symbols];
    }

    // ---- counters ----

    /// <summary>Fills applied (duplicates excluded).</summary>
    public long Fills { get; private set; }

    /// <summary>Fill reports ignored as repeats (same trade id, or no new cumulative quantity).</summary>
    public long DuplicateFills { get; private set; }

    /// <summary>Fill reports without a usable price or quantity (counted, ignored).</summary>
    public long InvalidFills { get; private set; }

    /// <summary>Order updates that do not fit the order's state (a fill after Filled or Canceled, an accept after a
    /// fill, ...): counted, ignored.</summary>
    public long IllegalTransitions { get; private set; }

    /// <summary>Order updates whose client order id is of another run or instance of the account (not ours).</summary>
    public long ForeignOrderUpdates { get; private set; }

    /// <summary>Order updates of our run for a decision id the ledger does not know.</summary>
    public long UnknownOrderUpdates { get; private set; }

    /// <summary>Cancel rejections (the order was unknown or already closed at the venue; its state is unchanged).</summary>
    public long CancelRejects { get; private set; }

    /// <summary>Funding payments for a symbol id the ledger does not have (counted, ignored).</summary>
    public long InvalidAccountUpdates { get; private set; }

    /// <summary>Registrations refused: a decision id already registered, an unknown symbol or no side.</summary>
    public long InvalidRegistrations { get; private set; }

    /// <summary>Round trips won (net PnL after fees and funding &gt; 0).</summary>
    public int Wins => _wins;

    /// <summary>Round trips not won (net PnL ≤ 0).</summary>
    public int Losses => _losses;

    /// <summary>Sum of the net PnL of the round trips won (raw quote).</summary>
    public long GrossWins => _sumWins;

    /// <summary>Sum of the net losses of the round trips lost, positive (raw quote).</summary>
    public long GrossLosses => _sumLosses;

    /// <summary>The largest drop of equity from its peak so far, after any slot (raw quote, ≥ 0).</summary>
    public long MaxDrawdown => _maxDrawdown;

    /// <summary>Round trips closed by an order of <paramref name="purpose"/> (the order whose fill took the position
    /// to 0 or through it): the exit reasons.</summary>
    public int ClosedBy(OrderPurpose purpose) => _closedBy[(int)purpose];

    // ---- IAccountView ----

    /// <inheritdoc />
    public int SymbolCount => _symbols;

    /// <inheritdoc />
    public long Position(ushort symbolId) => _position[symbolId];

    /// <inheritdoc />
    public long AverageEntry(ushort symbolId)
    {
        var q = _position[symbolId];
        return q == 0 ? 0 : (long)(_cost[symbolId] / q);
    }

    /// <inheritdoc />
    public long PositionOpenedNs(ushort symbolId) => _position[symbolId] == 0 ? 0 : _openedNs[symbolId];

    /// <inheritdoc />
    public long InitialStopPrice(ushort symbolId) => _position[symbolId] == 0 ? 0 : _initialStop[symbolId];

    /// <inheritdoc />
    public long TakeProfitPrice(ushort symbolId) => _position[symbolId] == 0 ? 0 : _takeProfit[symbolId];

    /// <summary>The leverage the entry that opened the position was sized at (raw; 0 when flat or unknown).</summary>
    public long PositionLeverage(ushort symbolId) => _position[symbolId] == 0 ? 0 : _leverage[symbolId];

    /// <inheritdoc />
    public long MarkPrice(ushort symbolId) => _mark[symbolId];

    /// <inheritdoc />
    public long UnrealizedPnl(ushort symbolId) => _unrealized[symbolId];

    /// <inheritdoc />
    public long OpenEntryExposure(ushort symbolId) => _entryExposure[symbolId];

    /// <inheritdoc />
    public int OpenOrders => _openOrders;

    /// <inheritdoc />
    public int UnresolvedOrders => _unresolved;

    /// <inheritdoc />
    public int OpenPositions => _openPositions;

    /// <summary>The equity the account started with (<c>[risk] starting_equity</c>, raw quote).</summary>
    public long StartingEquity => _startingEquity;

    /// <inheritdoc />
    public long Wallet => _startingEquity + RealizedPnl - _fees + _funding;

    /// <inheritdoc />
    public long Equity => Wallet + _unrealizedSum;

    /// <inheritdoc />
    public long PeakEquity => _peakEquity;

    /// <inheritdoc />
    public long DayStartEquity => _dayStartEquity;

    /// <inheritdoc />
    public long RealizedPnl => ToQuote(_realized);

    /// <inheritdoc />
    public long Fees => _fees;

    /// <inheritdoc />
    public long Funding => _funding;

    /// <inheritdoc />
    public long MarginUsed
    {
        get
        {
            Int128 sum = 0;
            for (var s = 0; s < _symbols; s++)
            {
                var q = _position[s];
                if (q != 0)
                {
                    var leverage = _leverage[s] > 0 ? _leverage[s] : FixedPoint.Scale; // unknown: 1×
                    sum += (Int128)Math.Abs(q) * _mark[s] / leverage;
                }
            }

            return (long)sum;
        }
    }

    /// <summary>Realized PnL exactly, in raw quantity × raw price units (10^-16 quote).</summary>
    internal Int128 RealizedExact => _realized;

    /// <summary>The open position's cost exactly (Σ signed quantity × price, 10^-16 quote).</summary>
    internal Int128 CostExact(ushort symbolId) => _cost[symbolId];

    /// <inheritdoc />
    public bool TryFindOrder(ushort symbolId, OrderPurpose purpose, out OrderView order)
    {
        if (symbolId < _symbols)
        {
            for (var i = _liveTail[symbolId]; i != None; i = _orders[i].PrevLive)
            {
                if (_orders[i].Purpose == purpose)
                {
                    order = View(i);
                    return true;
                }
            }
        }

        order = default;
        return false;
    }

    /// <inheritdoc />
    public bool TryGetOrder(long decisionId, out OrderView order)
    {
        if (_index.TryGetValue(decisionId, out var i))
        {
            order = View(i);
            return true;
        }

        order = default;
        return false;
    }

    // ---- ISizingAccount ----

    /// <inheritdoc />
    public bool TryGetEquity(out long equityRaw)
    {
        equityRaw = Equity;
        return equityRaw > 0;
    }

    /// <inheritdoc />
    public int ClosedTrades => _wins + _losses;

    /// <inheritdoc />
    /// <remarks>The priors until <see cref="SizingOptions.ColdStartTrades"/> round trips closed; then the observed win
    /// rate and payoff (average win ÷ average loss), the prior payoff while there is no win or no loss to divide.</remarks>
    public void KellyInputs(out double winRate, out double payoff)
    {
        var closed = ClosedTrades;
        if (closed == 0 || closed < _coldStartTrades)
        {
            winRate = _priorWinRate;
            payoff = _priorPayoff;
            return;
        }

        winRate = _wins / (double)closed;
        payoff = _wins > 0 && _losses > 0 && _sumLosses > 0
            ? (_sumWins / (double)_wins) / (_sumLosses / (double)_losses)
            : _priorPayoff;
    }

    // ---- IPositionView ----

    /// <inheritdoc />
    public bool IsOpen(ushort symbolId) => symbolId < _symbols && _position[symbolId] != 0;

    /// <inheritdoc />
    public long LastCloseTimeNs(ushort symbolId) => symbolId < _symbols ? _lastCloseNs[symbolId] : 0;

    // ---- writes ----

    /// <inheritdoc />
    public void Register(long decisionId, in InputEvent slot)
    {
        if (slot.OrderSymbolId >= _symbols || slot.OrderSide == Side.None || _index.ContainsKey(decisionId))
        {
            InvalidRegistrations++;
            return;
        }

        var i = TakeSlot();
        var symbol = slot.OrderSymbolId;
        ref var o = ref _orders[i];
        var entry = slot.Purpose == OrderPurpose.Entry;
        o = new Order
        {
            DecisionId = decisionId,
            Symbol = symbol,
            Side = slot.OrderSide,
            Purpose = slot.Purpose,
            State = OrderState.PendingNew,
            Quantity = slot.OrderQuantity.Raw,
            StopPrice = slot.OrderStopPrice.Raw,
            ApprovedNs = EventTime(in slot),
            AddsRisk = !slot.ReduceOnly && !slot.ClosePosition,
            StopLoss = entry ? slot.StopLossPrice.Raw : 0,
            TakeProfit = entry ? slot.TakeProfitPrice.Raw : 0,
            Leverage = entry ? slot.OrderLeverage.Raw : 0,
            PrevLive = _liveTail[symbol],
            NextLive = None,
        };

        if (o.PrevLive != None)
        {
            _orders[o.PrevLive].NextLive = i;
        }
        else
        {
            _liveHead[symbol] = i;
        }

        _liveTail[symbol] = i;
        _index.Add(decisionId, i);
        _openOrders++;
        if (o.AddsRisk)
        {
            _entryExposure[symbol] += Signed(o.Side, o.Quantity);
        }
    }

    /// <summary>Applies one slot: an order update of ours, a funding payment, a mark price, the reference price ingest
    /// stamped on it; then the peak equity and, on the first event of a new UTC day (event time), the day-start equity.</summary>
    public void Apply(in InputEvent e)
    {
        var time = EventTime(in e);
        if (time > 0 && time / DayNs > _day)
        {
            // Forward only: an event stamped on an earlier day (a late venue report) does not restart the day.
            _day = time / DayNs;
            _dayStartEquity = Equity; // before this event's own effect: the equity the day started with
        }

        switch (e.Kind)
        {
            case InputKind.OrderUpdate:
                ApplyOrderUpdate(in e, time);
                break;
            case InputKind.AccountUpdate when e.Code == (ushort)AccountUpdateCode.Funding && e.SymbolId >= _symbols:
                InvalidAccountUpdates++;
                break;
            case InputKind.AccountUpdate when e.Code == (ushort)AccountUpdateCode.Funding:
                _funding += e.Aux0;
                if (_position[e.SymbolId] != 0)
                {
                    _tradeFunding[e.SymbolId] += e.Aux0;
                }

                break;
            case InputKind.MarkPrice when e.SymbolId < _symbols && e.Valid && e.RejectReason == 0 && e.Price.Raw > 0:
                _markFromEvent[e.SymbolId] = true;
                SetMark(e.SymbolId, e.Price.Raw);
                break;
        }

        if (e.SymbolId < _symbols && !_markFromEvent[e.SymbolId] && e.ReferencePrice.Raw > 0 && e.ReferencePrice.Raw != _mark[e.SymbolId])
        {
            SetMark(e.SymbolId, e.ReferencePrice.Raw);
        }

        var equity = Equity;
        if (equity > _peakEquity)
        {
            _peakEquity = equity;
        }
        else if (_peakEquity - equity > _maxDrawdown)
        {
            _maxDrawdown = _peakEquity - equity;
        }
    }

    private void ApplyOrderUpdate(in InputEvent e, long time)
    {
        if (e.ClientOrderId.Run != _run)
        {
            ForeignOrderUpdates++;
            return;
        }

        if (!_index.TryGetValue(e.ClientOrderId.Sequence, out var i))
        {
            UnknownOrderUpdates++;
            return;
        }

        ref var o = ref _orders[i];
        var code = (OrderUpdateCode)e.Code;
        switch (code)
        {
            case OrderUpdateCode.PartiallyFilled:
            case OrderUpdateCode.Filled:
                ApplyFill(ref o, i, in e, code, time);
                break;
            case OrderUpdateCode.Accepted:
                if (o.State is OrderState.PendingNew or OrderState.Unknown)
                {
                    Move(ref o, OrderState.New);
                }
                else if (o.State != OrderState.New)
                {
                    IllegalTransitions++; // an accept after a fill or a final state
                }

                break;
            case OrderUpdateCode.Canceled:
            case OrderUpdateCode.Expired:
                if (IsFinal(o.State))
                {
                    IllegalTransitions++;
                }
                else
                {
                    Finish(ref o, i, code == OrderUpdateCode.Canceled ? OrderState.Canceled : OrderState.Expired);
                }

                break;
            case OrderUpdateCode.Rejected:
            case OrderUpdateCode.ResolvedNotFound:
                if (o.State is OrderState.PendingNew or OrderState.Unknown)
                {
                    Finish(ref o, i, OrderState.Rejected);
                }
                else
                {
                    IllegalTransitions++; // the venue accepted or filled it already, or it is final
                }

                break;
            case OrderUpdateCode.UnknownOutcome:
                if (o.State == OrderState.PendingNew)
                {
                    Move(ref o, OrderState.Unknown);
                }
                else if (o.State != OrderState.Unknown)
                {
                    IllegalTransitions++; // the venue already answered this request
                }

                break;
            case OrderUpdateCode.CancelRejected:
                CancelRejects++;
                break;
            default:
                IllegalTransitions++;
                break;
        }
    }

    private void ApplyFill(ref Order o, int i, in InputEvent e, OrderUpdateCode code, long time)
    {
        var tradeId = e.Aux2;
        long quantity;
        if (tradeId != 0)
        {
            if (SeenTradeId(o.Symbol, tradeId))
            {
                DuplicateFills++;
                return;
            }

            quantity = e.Quantity.Raw > 0 ? e.Quantity.Raw : e.Aux0 - o.Filled;
        }
        else
        {
            var cumulative = e.Aux0 != 0 ? e.Aux0 : o.Filled + e.Quantity.Raw;
            quantity = cumulative - o.Filled;
            if (quantity <= 0)
            {
                DuplicateFills++;
                return;
            }
        }

        if (IsFinal(o.State))
        {
            IllegalTransitions++; // a new fill after Filled, Canceled, Rejected or Expired
            return;
        }

        if (quantity <= 0 || e.Price.Raw <= 0)
        {
            InvalidFills++;
            return;
        }

        if (tradeId != 0)
        {
            RememberTradeId(o.Symbol, tradeId);
        }

        Fills++;
        _fees += e.Aux1;
        var before = o.Filled;
        o.Filled += quantity;
        if (o.AddsRisk)
        {
            // The part of the fill within the ordered quantity leaves the open exposure (an overfill never makes it
            // change sign).
            var within = Math.Max(0, Math.Min(o.Filled, o.Quantity) - Math.Min(before, o.Quantity));
            _entryExposure[o.Symbol] -= Signed(o.Side, within);
        }

        ApplyToPosition(in o, Signed(o.Side, quantity), e.Price.Raw, e.Aux1, time);
        if (code == OrderUpdateCode.Filled)
        {
            Finish(ref o, i, OrderState.Filled);
        }
        else
        {
            Move(ref o, OrderState.PartiallyFilled);
        }
    }

    private void ApplyToPosition(in Order o, long fill, long price, long fee, long time)
    {
        var s = o.Symbol;
        var q = _position[s];
        if (q == 0)
        {
            Open(in o, time);
        }

        _tradeFees[s] += fee; // a flip's whole fee goes to the round trip it closes
        if (q == 0 || Math.Sign(q) == Math.Sign(fill))
        {
            _cost[s] += (Int128)fill * price;
            _position[s] = q + fill;
        }
        else
        {
            var closed = Math.Min(Math.Abs(fill), Math.Abs(q));
            var removed = closed == Math.Abs(q) ? _cost[s] : _cost[s] * closed / Math.Abs(q);
            var realized = ((Int128)(q > 0 ? closed : -closed) * price) - removed;
            _realized += realized;
            _tradeRealized[s] += realized;
            _cost[s] -= removed;
            var after = q + fill;
            _position[s] = Math.Sign(after) == Math.Sign(q) ? after : 0;
            if (_position[s] == 0)
            {
                _closedBy[(int)o.Purpose]++;
                CloseRoundTrip(s, time);
                if (after != 0)
                {
                    // A flip: the rest opens a new position at the fill price.
                    Open(in o, time);
                    _cost[s] = (Int128)after * price;
                    _position[s] = after;
                }
            }
        }

        SetMark(s, _mark[s]);
    }

    private void Open(in Order o, long time)
    {
        var s = o.Symbol;
        _openPositions++;
        _openedNs[s] = time;
        _initialStop[s] = o.StopLoss;
        _takeProfit[s] = o.TakeProfit;
        _leverage[s] = o.Leverage;
        _tradeRealized[s] = 0;
        _tradeFees[s] = 0;
        _tradeFunding[s] = 0;
        _cost[s] = 0;
    }

    private void CloseRoundTrip(ushort s, long time)
    {
        _openPositions--;
        _lastCloseNs[s] = time;
        var net = ToQuote(_tradeRealized[s]) - _tradeFees[s] + _tradeFunding[s];
        if (net > 0)
        {
            _wins++;
            _sumWins += net;
        }
        else
        {
            _losses++;
            _sumLosses -= net;
        }

        _tradeRealized[s] = 0;
        _tradeFees[s] = 0;
        _tradeFunding[s] = 0;
        _cost[s] = 0;
    }

    // Unrealized PnL of the symbol at its mark (0 without a mark: the position is valued at cost).
    private void SetMark(ushort s, long mark)
    {
        _mark[s] = mark;
        var q = _position[s];
        var unrealized = q == 0 || mark <= 0 ? 0 : ToQuote(((Int128)q * mark) - _cost[s]);
        _unrealizedSum += unrealized - _unrealized[s];
        _unrealized[s] = unrealized;
    }

    private void Move(ref Order o, OrderState state)
    {
        if (o.State == OrderState.Unknown)
        {
            _unresolved--;
        }

        if (state == OrderState.Unknown)
        {
            _unresolved++;
        }

        o.State = state;
    }

    private void Finish(ref Order o, int i, OrderState state)
    {
        Move(ref o, state);
        _openOrders--;
        if (o.AddsRisk && o.Filled < o.Quantity)
        {
            _entryExposure[o.Symbol] -= Signed(o.Side, o.Quantity - o.Filled);
        }

        // Off the symbol's live list, onto the finished queue.
        if (o.PrevLive != None)
        {
            _orders[o.PrevLive].NextLive = o.NextLive;
        }
        else
        {
            _liveHead[o.Symbol] = o.NextLive;
        }

        if (o.NextLive != None)
        {
            _orders[o.NextLive].PrevLive = o.PrevLive;
        }
        else
        {
            _liveTail[o.Symbol] = o.PrevLive;
        }

        o.PrevLive = None;
        o.NextLive = None;
        _finished[(_finishedHead + _finishedCount) % _finished.Length] = i;
        _finishedCount++;
    }

    private int TakeSlot()
    {
        if (_freeCount > 0)
        {
            return _free[--_freeCount];
        }

        if (_finishedCount == 0)
        {
            throw new InvalidOperationException($"ledger: all {_orders.Length} order slots hold live orders; no room to register another (the stage faults, trading halts)");
        }

        var i = _finished[_finishedHead];
        _finishedHead = (_finishedHead + 1) % _finished.Length;
        _finishedCount--;
        _index.Remove(_orders[i].DecisionId);
        return i;
    }

    private bool SeenTradeId(ushort symbol, long tradeId)
    {
        var ids = _tradeIds.AsSpan(symbol * _tradeIdsPerSymbol, _tradeIdsPerSymbol);
        foreach (var id in ids)
        {
            if (id == tradeId)
            {
                return true;
            }
        }

        return false;
    }

    private void RememberTradeId(ushort symbol, long tradeId)
    {
        ref var next = ref _tradeIdNext[symbol];
        _tradeIds[(symbol * _tradeIdsPerSymbol) + next] = tradeId;
        next = (next + 1) % _tradeIdsPerSymbol;
    }

    private OrderView View(int i)
    {
        ref readonly var o = ref _orders[i];
        return new OrderView(o.DecisionId, o.Symbol, o.Side, o.Purpose, o.State, o.Quantity, o.Filled, o.StopPrice, o.ApprovedNs);
    }

    private static bool IsFinal(OrderState state) =>
        state is OrderState.Filled or OrderState.Canceled or OrderState.Rejected or OrderState.Expired;

    private static long Signed(Side side, long quantity) => side == Side.Buy ? quantity : -quantity;

    private static long ToQuote(Int128 exact) => (long)(exact / FixedPoint.Scale);

    /// <summary>The event time of a slot: the exchange's, else the receive time (as the order request's decision time).</summary>
    internal static long EventTime(in InputEvent e) => e.ExchangeTimeNs != 0 ? e.ExchangeTimeNs : e.ReceiveTimeNs;

    private struct Order
    {
        public long DecisionId;
        public ushort Symbol;
        public Side Side;
        public OrderPurpose Purpose;
        public OrderState State;
        public bool AddsRisk;
        public long Quantity;
        public long Filled;
        public long StopPrice;
        public long ApprovedNs;
        public long StopLoss;
        public long TakeProfit;
        public long Leverage;
        public int PrevLive;
        public int NextLive;
    }
}
