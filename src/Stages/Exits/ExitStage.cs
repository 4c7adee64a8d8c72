using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;

namespace QuantumTrader.Stages.Exits;

/// <summary>
/// The exit owner: the one stage that protects and closes positions (docs/EXITS.md). Per symbol with a position, in
/// priority order: the exchange-resident protective stop (placed on the fill slot, audited on every slot, re-placed
/// with bounded, spaced retries; a position without a confirmed stop past the grace is closed, purpose Unprotected),
/// the emergency close at −R, the time stop, the R-ladder harvest with the break-even move, the take-profit and the
/// trailing stop; a flat symbol's resting exit orders are cancelled; a Flatten control closes everything. It writes at
/// most one action per slot into the slot's order section, which the gate then judges.
/// </summary>
/// <remarks>
/// Runs after sizing and before the gate on the logic group's thread and reads the ledger (<see cref="IAccountView"/>)
/// directly. Decisions depend only on the slots (event time <see cref="InputEvent.ExchangeTimeNs"/>, never the wall
/// clock) and the ledger, which is derived from journaled inputs, so a replay decides the same. Allocation-free per
/// event: per-symbol state is pre-sized, symbols are visited in id order.
/// </remarks>
public sealed class ExitStage : IEventHandler<InputEvent>
{
    private const int Purposes = 12;

    /// <summary>Retry budgets per symbol: one per purpose, and one (the last) for the close of the whole position,
    /// whatever its purpose, so that a close never waits on the budget of a stop of the same purpose.</summary>
    private const int Budgets = Purposes + 1;
    private const long NanosPerMs = 1_000_000;

    /// <summary><see cref="_unprotectedSince"/> of a position with a confirmed stop.</summary>
    private const long HasStop = long.MinValue;

    /// <summary>The exit orders a flat symbol must not keep (an old close-position stop would close the next position).</summary>
    private static readonly OrderPurpose[] Resting =
        [OrderPurpose.ProtectiveStop, OrderPurpose.BreakEvenStop, OrderPurpose.TakeProfit, OrderPurpose.TrailingStop];

    private readonly InstrumentRegistry _instruments;
    private readonly IAccountView _account;
    private readonly long _graceNs;
    private readonly long _retryNs;
    private readonly int _maxRetries;
    private readonly long _emergencyRaw;
    private readonly long _timeStopNs;
    private readonly long[] _ladderRaw;
    private readonly long _harvestFractionRaw;
    private readonly bool _breakEven;
    private readonly long _breakEvenBufferRaw;
    private readonly bool _takeProfit;
    private readonly ushort _trailingBps;

    // Per symbol: the position the state below belongs to (open time and sign), its largest size, since when it has
    // had no confirmed stop (HasStop: it has one), the harvest's progress, and why it is being closed (None: it is not).
    private readonly long[] _openedNs;
    private readonly int[] _sign;
    private readonly long[] _peak;
    private readonly long[] _unprotectedSince;
    private readonly bool[] _pastGraceCounted;
    private readonly int[] _rungs;
    private readonly long[] _harvestBase;
    private readonly bool[] _breakEvenWanted;
    private readonly OrderPurpose[] _closing;

    // Per symbol and purpose: proposals of the current position (retry budget and spacing) and the last cancel sent.
    private readonly int[] _attempts;
    private readonly long[] _attemptNs;
    private readonly bool[] _gaveUp;
    private readonly long[] _cancelId;
    private readonly long[] _cancelNs;

    private readonly long[] _actions = new long[Purposes];
    private long _cancels;
    private long _deferred;
    private long _audits;
    private long _unprotectedPastGrace;
    private long _stopRetries;
    private long _harvestSkipped;
    private long _exhausted;
    private long _missingStopPrice;

    private long _now;
    private int _next;
    private bool _flattening;
    private OrderPurpose _flattenPurpose;
    private long _flattens;

    /// <summary>Creates the stage.</summary>
    /// <param name="instruments">The instruments (tick and step size, minimum notional), ids 0..Count−1.</param>
    /// <param name="options">The exit rules' parameters (validated here).</param>
    /// <param name="account">The ledger, read on this stage's thread.</param>
    public ExitStage(InstrumentRegistry instruments, ExitOptions options, IAccountView account)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(account);
        options.Validate();
        _instruments = instruments;
        _account = account;
        _graceNs = options.ProtectiveStopGraceMs * NanosPerMs;
        _retryNs = options.RetryIntervalMs * NanosPerMs;
        _maxRetries = options.MaxRetries;
        _emergencyRaw = ToRaw(options.EmergencyR);
        _timeStopNs = options.TimeStopMinutes * 60_000 * NanosPerMs;
        _ladderRaw = new long[options.HarvestLadderR.Count];
        for (var i = 0; i < _ladderRaw.Length; i++)
        {
            _ladderRaw[i] = ToRaw(options.HarvestLadderR[i]);
        }

        _harvestFractionRaw = ToRaw(options.HarvestFraction);
        _breakEven = options.BreakEven && _ladderRaw.Length > 0;
        _breakEvenBufferRaw = options.BreakEvenBufferBps * (FixedPoint.Scale / 10_000);
        _takeProfit = options.TakeProfit;
        _trailingBps = (ushort)options.TrailingCallbackBps;

        var n = instruments.Count;
        _openedNs = new long[n];
        _sign = new int[n];
        _peak = new long[n];
        _unprotectedSince = new long[n];
        _pastGraceCounted = new bool[n];
        _rungs = new int[n];
        _harvestBase = new long[n];
        _breakEvenWanted = new bool[n];
        _closing = new OrderPurpose[n];
        _attempts = new int[n * Budgets];
        _attemptNs = new long[n * Budgets];
        _gaveUp = new bool[n * Budgets];
        _cancelId = new long[n * Budgets];
        _cancelNs = new long[n * Budgets];
    }

    /// <summary>Orders proposed with <paramref name="purpose"/> (before the gate's verdict).</summary>
    public long Actions(OrderPurpose purpose) => Volatile.Read(ref _actions[(int)purpose]);

    /// <summary>Cancels of our resting orders proposed.</summary>
    public long Cancels => Volatile.Read(ref _cancels);

    /// <summary>Actions that waited for a later slot because the slot already carried an entry.</summary>
    public long Deferred => Volatile.Read(ref _deferred);

    /// <summary>Protective-stop audits (one per symbol with a position per slot).</summary>
    public long Audits => Volatile.Read(ref _audits);

    /// <summary>Times a position was without a confirmed stop for longer than the grace (each then closed).</summary>
    public long UnprotectedPastGrace => Volatile.Read(ref _unprotectedPastGrace);

    /// <summary>Stop proposals after the first of an unprotected stretch (the earlier one was blocked, rejected,
    /// expired or cancelled).</summary>
    public long StopRetries => Volatile.Read(ref _stopRetries);

    /// <summary>Harvest rungs skipped because their quantity was below the step size or the minimum notional.</summary>
    public long HarvestSkipped => Volatile.Read(ref _harvestSkipped);

    /// <summary>Orders given up after their retries were used (the position keeps its other protection).</summary>
    public long Exhausted => Volatile.Read(ref _exhausted);

    /// <summary>Positions whose entry had no stop price, so no stop could be placed (they are closed after the grace).</summary>
    public long MissingStopPrice => Volatile.Read(ref _missingStopPrice);

    /// <summary>Flatten commands received.</summary>
    public long Flattens => Volatile.Read(ref _flattens);

    /// <summary>A flatten is under way (positions or resting orders are left).</summary>
    public bool Flattening => _flattening;

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        if (data.ExchangeTimeNs > _now)
        {
            _now = data.ExchangeTimeNs; // event time only, and never backwards
        }

        if (data.Kind == InputKind.Control && data.Code == (ushort)ControlCode.Flatten)
        {
            _flattening = true;
            _flattenPurpose = data.Aux1 == ControlLayout.FlattenEndOfData ? OrderPurpose.EndOfData : OrderPurpose.Flatten;
            Volatile.Write(ref _flattens, _flattens + 1);
        }

        // Design: every symbol is brought up to date and asked for its action on every slot; the most urgent action
        // wins (closes and stops before the harvest, before take-profit and trailing, before a flat symbol's cancels),
        // ties go round-robin from the symbol after the last one that acted, so a symbol retrying its close every
        // interval cannot starve another symbol's close.
        var action = default(ExitAction);
        var busy = false;
        var n = _openedNs.Length;
        for (var i = 0; i < n; i++)
        {
            var symbol = (ushort)((_next + i) % n);
            busy |= Observe(symbol);
            var candidate = default(ExitAction);
            Decide(symbol, ref candidate);
            if (candidate.Pending && (!action.Pending || Rank(in candidate) < Rank(in action)))
            {
                action = candidate;
            }
        }

        if (_flattening && !busy && !action.Pending)
        {
            _flattening = false; // every position flat and nothing of ours rests
        }

        if (!action.Pending)
        {
            return;
        }

        if (data.Purpose != OrderPurpose.None)
        {
            Volatile.Write(ref _deferred, _deferred + 1); // the slot carries an entry: the action waits for the next slot
            return;
        }

        Write(ref data, in action);
        Commit(in action);
        _next = (action.Symbol + 1) % n;
    }

    /// <summary>Urgency of an action, 0 most urgent.</summary>
    private static int Rank(in ExitAction a) => a.Purpose switch
    {
        OrderPurpose.None => a.CancelPurpose == OrderPurpose.BreakEvenStop ? 1 : 3,
        OrderPurpose.Harvest => 1,
        OrderPurpose.TakeProfit or OrderPurpose.TrailingStop => 2,
        _ => 0, // a stop, or a close of the whole position
    };

    /// <summary>Brings the symbol's state up to date with the ledger (new position, flat, stop audit, grace, rungs
    /// reached, close triggers); true while it has a position or a live order of ours (a flatten is not done).</summary>
    private bool Observe(ushort s)
    {
        var position = _account.Position(s);
        if (position == 0)
        {
            if (_openedNs[s] != 0 || _sign[s] != 0)
            {
                Reset(s);
            }

            return _flattening && HasLive(s);
        }

        var sign = position > 0 ? 1 : -1;
        var opened = _account.PositionOpenedNs(s);
        if (opened != _openedNs[s] || sign != _sign[s])
        {
            Reset(s);
            _openedNs[s] = opened;
            _sign[s] = sign;
            _unprotectedSince[s] = opened > 0 ? opened : _now;
        }

        var size = Math.Abs(position);
        _peak[s] = Math.Max(_peak[s], size);
        Volatile.Write(ref _audits, _audits + 1);
        if (StopConfirmed(s))
        {
            _unprotectedSince[s] = HasStop;
            _pastGraceCounted[s] = false;
        }
        else if (_unprotectedSince[s] == HasStop)
        {
            _unprotectedSince[s] = _now; // a live stop was lost: a new grace starts
        }
        else if (_now - _unprotectedSince[s] > _graceNs && !_pastGraceCounted[s])
        {
            _pastGraceCounted[s] = true; // fail closed: no confirmed stop within the grace
            Volatile.Write(ref _unprotectedPastGrace, _unprotectedPastGrace + 1);
            Close(s, OrderPurpose.Unprotected);
        }

        if (_flattening)
        {
            Close(s, _flattenPurpose);
        }

        var risk = RiskRaw(s, size);
        if (risk > 0)
        {
            var pnl = (Int128)_account.UnrealizedPnl(s) * FixedPoint.Scale;
            if (pnl <= -(Int128)_emergencyRaw * risk)
            {
                Close(s, OrderPurpose.EmergencyClose);
            }

            Rungs(s, size, pnl, risk);
        }

        if (_timeStopNs > 0 && opened > 0 && _now - opened >= _timeStopNs)
        {
            Close(s, OrderPurpose.TimeStop);
        }

        return true;
    }

    /// <summary>The harvest's bookkeeping: a proposed rung is done once the position shrank; rungs reached whose
    /// quantity is too small are skipped; reaching the first rung asks for the break-even stop.</summary>
    private void Rungs(ushort s, long size, Int128 pnl, long risk)
    {
        if (_harvestBase[s] != 0 && size < _harvestBase[s])
        {
            _harvestBase[s] = 0; // filled, wholly or partly: partial closes are partial
            _rungs[s]++;
            Clear(s, OrderPurpose.Harvest);
        }

        while (_rungs[s] < _ladderRaw.Length && pnl >= (Int128)_ladderRaw[_rungs[s]] * risk)
        {
            if (_breakEven)
            {
                _breakEvenWanted[s] = true;
            }

            if (_harvestBase[s] != 0 || HarvestQuantity(s, size) > 0)
            {
                return; // this rung is the harvest's next action
            }

            _rungs[s]++;
            Volatile.Write(ref _harvestSkipped, _harvestSkipped + 1);
        }
    }

    /// <summary>Finds this symbol's action, if it has one, in priority order.</summary>
    private void Decide(ushort s, ref ExitAction action)
    {
        var position = _account.Position(s);
        if (position == 0)
        {
            CancelResting(s, ref action);
            return;
        }

        var size = Math.Abs(position);
        var side = position > 0 ? Side.Sell : Side.Buy;
        var mark = _account.MarkPrice(s);

        // 1. The protective stop: one must exist (a break-even one once asked for); a crossed stop closes at market.
        var hasStop = _account.TryFindOrder(s, OrderPurpose.ProtectiveStop, out var stop);
        var hasBreakEven = _account.TryFindOrder(s, OrderPurpose.BreakEvenStop, out var breakEven);
        // A stop whose level the mark has crossed is a market close already: no stop is placed beside it.
        var closing = _closing[s] != OrderPurpose.None;
        if (!hasStop && !hasBreakEven && _closing[s] != OrderPurpose.ProtectiveStop)
        {
            if (_breakEvenWanted[s] && !closing && Budget(Slot(s, OrderPurpose.BreakEvenStop)) != Attempt.Exhausted
                && BreakEvenPrice(s) is var be && be > 0 && !Crossed(side, be, mark))
            {
                PlaceStop(s, side, OrderPurpose.BreakEvenStop, be, ref action);
                return;
            }

            var initial = _account.InitialStopPrice(s);
            if (initial <= 0)
            {
                if (Budget(Slot(s, OrderPurpose.ProtectiveStop)) == Attempt.Now)
                {
                    _attempts[Slot(s, OrderPurpose.ProtectiveStop)] = _maxRetries + 1; // counted once: nothing to place
                    Volatile.Write(ref _missingStopPrice, _missingStopPrice + 1);
                }
            }
            else if (Crossed(side, initial, mark))
            {
                Close(s, OrderPurpose.ProtectiveStop); // the stop's level is already through: it would fire at once
                closing = true;
            }
            else
            {
                PlaceStop(s, side, OrderPurpose.ProtectiveStop, initial, ref action);
                if (action.Pending)
                {
                    return;
                }
            }
        }

        // 2, 3 and a failed stop: a close of the whole position (reduce-only market), retried until flat.
        if (closing)
        {
            var purpose = _closing[s];
            var working = _account.TryFindOrder(s, purpose, out var live) && live.Quantity > 0; // not a stop (close-position)
            if (!working && Budget(CloseSlot(s), bounded: false) == Attempt.Now
                && Floor(s, size) is var q && q > 0)
            {
                action = ExitAction.Order(s, purpose, side, OrderType.Market, q, 0, reduceOnly: true, closePosition: false, mark);
                action.Budget = CloseSlot(s);
            }

            return;
        }

        // The break-even move: the new stop first; the old one is cancelled once the new one is confirmed.
        if (_breakEvenWanted[s])
        {
            if (!hasBreakEven && hasStop && BreakEvenPrice(s) is var be && be > 0 && !Crossed(side, be, mark))
            {
                PlaceStop(s, side, OrderPurpose.BreakEvenStop, be, ref action);
                if (action.Pending)
                {
                    return;
                }
            }
            else if (hasBreakEven && hasStop && breakEven.State == OrderState.New && CanCancel(s, OrderPurpose.ProtectiveStop, stop.DecisionId))
            {
                action = ExitAction.Cancel(s, stop.DecisionId, OrderPurpose.ProtectiveStop, OrderPurpose.BreakEvenStop);
                return;
            }
        }

        // 4. The R-ladder harvest: a partial reduce-only market close per rung reached.
        if (_rungs[s] < _ladderRaw.Length && Reached(s, size) && !_account.TryFindOrder(s, OrderPurpose.Harvest, out _))
        {
            var q = HarvestQuantity(s, size);
            switch (q > 0 ? Budget(Slot(s, OrderPurpose.Harvest)) : Attempt.Wait)
            {
                case Attempt.Now:
                    action = ExitAction.Order(s, OrderPurpose.Harvest, side, OrderType.Market, q, 0, reduceOnly: true, closePosition: false, mark);
                    return;
                case Attempt.Exhausted:
                    GiveUp(s, OrderPurpose.Harvest);
                    Clear(s, OrderPurpose.Harvest); // the next rung has its own budget
                    _harvestBase[s] = 0;
                    _rungs[s]++;
                    break;
            }
        }

        var protectedNow = _unprotectedSince[s] == HasStop;

        // 5. The take-profit, once the stop is live; not when it would fire at once (the mark is already beyond it:
        // Crossed with the other side is a take-profit's test).
        var takeProfit = _account.TakeProfitPrice(s);
        if (_takeProfit && protectedNow && takeProfit > 0 && !Crossed(Opposite(side), takeProfit, mark)
            && !_account.TryFindOrder(s, OrderPurpose.TakeProfit, out _) && Placeable(s, OrderPurpose.TakeProfit))
        {
            action = ExitAction.Order(s, OrderPurpose.TakeProfit, side, OrderType.TakeProfitMarket, 0, takeProfit, reduceOnly: false, closePosition: true, mark);
            return;
        }

        // 6. The trailing stop for the remainder, after the last rung.
        if (_trailingBps > 0 && protectedNow && _ladderRaw.Length > 0 && _rungs[s] == _ladderRaw.Length && mark > 0
            && !_account.TryFindOrder(s, OrderPurpose.TrailingStop, out _) && Floor(s, size) is var rest && rest > 0
            && Placeable(s, OrderPurpose.TrailingStop))
        {
            action = ExitAction.Order(s, OrderPurpose.TrailingStop, side, OrderType.TrailingStopMarket, rest, RoundToTick(s, mark, 0), reduceOnly: true, closePosition: false, mark);
            action.CallbackBps = _trailingBps;
        }
    }

    /// <summary>A flat symbol: cancel our resting stop, take-profit and trailing orders (and, in a flatten, entries),
    /// one per slot, each again only after the retry interval.</summary>
    private void CancelResting(ushort s, ref ExitAction action)
    {
        for (var i = 0; i <= Resting.Length; i++)
        {
            var purpose = i < Resting.Length ? Resting[i] : OrderPurpose.Entry;
            if (purpose == OrderPurpose.Entry && !_flattening)
            {
                return;
            }

            if (_account.TryFindOrder(s, purpose, out var order) && CanCancel(s, purpose, order.DecisionId))
            {
                var why = _flattening ? _flattenPurpose : purpose;
                action = ExitAction.Cancel(s, order.DecisionId, purpose, why);
                return;
            }
        }
    }

    private bool HasLive(ushort s)
    {
        foreach (var purpose in Resting)
        {
            if (_account.TryFindOrder(s, purpose, out _))
            {
                return true;
            }
        }

        return _account.TryFindOrder(s, OrderPurpose.Entry, out _);
    }

    private void PlaceStop(ushort s, Side side, OrderPurpose purpose, long price, ref ExitAction action)
    {
        if (Placeable(s, purpose))
        {
            action = ExitAction.Order(s, purpose, side, OrderType.StopMarket, 0, price, reduceOnly: false, closePosition: true, _account.MarkPrice(s));
        }
    }

    /// <summary>True when a proposal of <paramref name="purpose"/> may go out now; counts the order given up when its
    /// retries are used.</summary>
    private bool Placeable(ushort s, OrderPurpose purpose)
    {
        var attempt = Budget(Slot(s, purpose));
        if (attempt == Attempt.Exhausted)
        {
            GiveUp(s, purpose);
        }

        return attempt == Attempt.Now;
    }

    private void GiveUp(ushort s, OrderPurpose purpose)
    {
        var slot = Slot(s, purpose);
        if (!_gaveUp[slot])
        {
            _gaveUp[slot] = true; // counted once
            Volatile.Write(ref _exhausted, _exhausted + 1);
        }
    }

    private Attempt Budget(int slot, bool bounded = true)
    {
        var attempts = _attempts[slot];
        if (attempts == 0)
        {
            return Attempt.Now;
        }

        if (bounded && attempts > _maxRetries)
        {
            return Attempt.Exhausted;
        }

        return _now - _attemptNs[slot] >= _retryNs ? Attempt.Now : Attempt.Wait;
    }

    private bool CanCancel(ushort s, OrderPurpose purpose, long decisionId)
    {
        var slot = Slot(s, purpose);
        return _cancelId[slot] != decisionId || _now - _cancelNs[slot] >= _retryNs;
    }

    private void Commit(in ExitAction action)
    {
        var s = action.Symbol;
        if (action.Purpose == OrderPurpose.None)
        {
            var slot = Slot(s, action.CancelTarget);
            _cancelId[slot] = action.CancelId;
            _cancelNs[slot] = _now;
            Volatile.Write(ref _cancels, _cancels + 1);
            return;
        }

        var at = action.Budget;
        if (_attempts[at] > 0 && action.Purpose is OrderPurpose.ProtectiveStop or OrderPurpose.BreakEvenStop)
        {
            Volatile.Write(ref _stopRetries, _stopRetries + 1);
        }

        _attempts[at]++;
        _attemptNs[at] = _now;
        if (action.Purpose == OrderPurpose.Harvest)
        {
            _harvestBase[s] = Math.Abs(_account.Position(s));
        }

        Volatile.Write(ref _actions[(int)action.Purpose], _actions[(int)action.Purpose] + 1);
    }

    private static void Write(ref InputEvent data, in ExitAction a)
    {
        data.OrderSymbolId = a.Symbol;
        if (a.Purpose == OrderPurpose.None)
        {
            data.CancelDecisionId = a.CancelId;
            data.CancelPurpose = a.CancelPurpose;
            return;
        }

        data.Purpose = a.Purpose;
        data.OrderSide = a.Side;
        data.OrderType = a.Type;
        data.OrderQuantity = new Quantity(a.Quantity);
        data.OrderPrice = default;
        data.OrderReferencePrice = new Price(a.Reference);
        data.ReduceOnly = a.ReduceOnly;
        data.ClosePosition = a.ClosePosition;
        data.OrderStopPrice = new Price(a.StopPrice);
        data.OrderTriggerOn = a.Type == OrderType.Market ? TriggerPrice.Contract : TriggerPrice.Mark;
        data.OrderCallbackBps = a.CallbackBps;
    }

    private void Reset(ushort s)
    {
        _openedNs[s] = 0;
        _sign[s] = 0;
        _peak[s] = 0;
        _unprotectedSince[s] = 0;
        _pastGraceCounted[s] = false;
        _rungs[s] = 0;
        _harvestBase[s] = 0;
        _breakEvenWanted[s] = false;
        _closing[s] = OrderPurpose.None;
        Array.Clear(_attempts, s * Budgets, Budgets);
        Array.Clear(_attemptNs, s * Budgets, Budgets);
        Array.Clear(_gaveUp, s * Budgets, Budgets);
    }

    private void Clear(ushort s, OrderPurpose purpose)
    {
        var slot = Slot(s, purpose);
        _attempts[slot] = 0;
        _attemptNs[slot] = 0;
        _gaveUp[slot] = false;
    }

    /// <summary>Latches the first reason to close the whole position.</summary>
    private void Close(ushort s, OrderPurpose purpose)
    {
        if (_closing[s] == OrderPurpose.None)
        {
            _closing[s] = purpose;
        }
    }

    /// <summary>True when a stop of ours is confirmed by the venue; a confirmed stop's retry budget starts again (for
    /// when it is lost later).</summary>
    private bool StopConfirmed(ushort s)
    {
        var confirmed = false;
        if (_account.TryFindOrder(s, OrderPurpose.BreakEvenStop, out var be) && Confirmed(be.State))
        {
            Clear(s, OrderPurpose.BreakEvenStop);
            confirmed = true;
        }

        if (_account.TryFindOrder(s, OrderPurpose.ProtectiveStop, out var stop) && Confirmed(stop.State))
        {
            Clear(s, OrderPurpose.ProtectiveStop);
            confirmed = true;
        }

        return confirmed;
    }

    private static bool Confirmed(OrderState state) => state is OrderState.New or OrderState.PartiallyFilled;

    /// <summary>1R of the position in raw quote: |entry − initial stop| × |position| (0 when unknown).</summary>
    private long RiskRaw(ushort s, long size)
    {
        var entry = _account.AverageEntry(s);
        var stop = _account.InitialStopPrice(s);
        return entry <= 0 || stop <= 0 ? 0 : (long)((Int128)Math.Abs(entry - stop) * size / FixedPoint.Scale);
    }

    private bool Reached(ushort s, long size)
    {
        var risk = RiskRaw(s, size);
        return risk > 0 && (Int128)_account.UnrealizedPnl(s) * FixedPoint.Scale >= (Int128)_ladderRaw[_rungs[s]] * risk;
    }

    /// <summary>The harvest fraction of the position's largest size, floored to the step, at most the position; 0 when
    /// below the step or the minimum notional at mark.</summary>
    private long HarvestQuantity(ushort s, long size)
    {
        var instrument = _instruments[s];
        var q = Math.Min((long)((Int128)_peak[s] * _harvestFractionRaw / FixedPoint.Scale), size);
        q -= q % instrument.StepSize.Raw;
        var mark = _account.MarkPrice(s);
        return q > 0 && mark > 0 && Notional.Of(new Quantity(q), new Price(mark)).Raw >= instrument.MinNotional ? q : 0;
    }

    private long Floor(ushort s, long size) => size - (size % _instruments[s].StepSize.Raw);

    /// <summary>Entry ± the fee buffer, rounded away from the entry to the tick (a long's stop above it, a short's below).</summary>
    private long BreakEvenPrice(ushort s)
    {
        var entry = _account.AverageEntry(s);
        if (entry <= 0)
        {
            return 0;
        }

        var offset = (long)((Int128)entry * _breakEvenBufferRaw / FixedPoint.Scale);
        return RoundToTick(s, entry + (_sign[s] * offset), _sign[s]);
    }

    /// <summary>To the tick: up (<paramref name="direction"/> &gt; 0), down (&lt; 0) or nearest (0).</summary>
    private long RoundToTick(ushort s, long price, int direction)
    {
        var tick = _instruments[s].TickSize.Raw;
        var down = price - (price % tick);
        return direction < 0 || down == price ? down : direction > 0 ? down + tick : (price - down) * 2 >= tick ? down + tick : down;
    }

    /// <summary>A conditional order closing with <paramref name="closeSide"/> at <paramref name="trigger"/> would fire at
    /// once: a sell stop at or above the mark, a buy stop at or below it (unknown mark: not crossed).</summary>
    private static bool Crossed(Side closeSide, long trigger, long mark) =>
        mark > 0 && (closeSide == Side.Sell ? mark <= trigger : mark >= trigger);

    private static Side Opposite(Side side) => side == Side.Sell ? Side.Buy : Side.Sell;

    private static int Slot(ushort s, OrderPurpose purpose) => (s * Budgets) + (int)purpose;

    private static int CloseSlot(ushort s) => (s * Budgets) + Purposes;

    private static long ToRaw(double value) => (long)Math.Round(value * FixedPoint.Scale);

    private enum Attempt : byte
    {
        Now,
        Wait,
        Exhausted,
    }

    /// <summary>The one action of a slot: an order (Purpose set) or a cancel (Purpose None).</summary>
    private struct ExitAction
    {
        public bool Pending;
        public ushort Symbol;
        public OrderPurpose Purpose;
        public Side Side;
        public OrderType Type;
        public long Quantity;
        public long StopPrice;
        public bool ReduceOnly;
        public bool ClosePosition;
        public ushort CallbackBps;
        public long Reference;
        public long CancelId;
        public int Budget;
        public OrderPurpose CancelTarget;
        public OrderPurpose CancelPurpose;

        public static ExitAction Order(ushort symbol, OrderPurpose purpose, Side side, OrderType type, long quantity, long stopPrice, bool reduceOnly, bool closePosition, long reference) =>
            new()
            {
                Pending = true, Symbol = symbol, Purpose = purpose, Side = side, Type = type, Quantity = quantity, StopPrice = stopPrice,
                ReduceOnly = reduceOnly, ClosePosition = closePosition, Reference = reference, Budget = Slot(symbol, purpose),
            };

        public static ExitAction Cancel(ushort symbol, long decisionId, OrderPurpose target, OrderPurpose why) =>
            new() { Pending = true, Symbol = symbol, CancelId = decisionId, CancelTarget = target, CancelPurpose = why };
    }
}
