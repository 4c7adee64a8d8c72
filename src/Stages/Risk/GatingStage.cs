using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.Account;
using QuantumTrader.Stages.State;

namespace QuantumTrader.Stages.Risk;

// Design:
//   The gate owns the trading modes and nothing else of the account: orders, positions, PnL and equity are the
//   ledger's (IOrderLedger, applied by the account stage earlier on this same thread, so the gate reads the
//   slot's own effects). The gate keeps only what its own checks need and no one else owns: the feed-health
//   bits, the sliding windows of its approvals, the stop distance of each symbol's last approved entry (the
//   risk of an entry not yet filled), consecutive rejects, and the edges of its breakers.
//   Every check compares integers (raw fixed point, limits converted once to raw or parts per million), in a
//   fixed order (docs/RISK.md); "at the limit" passes, past it is blocked. Missing input (no price, no mark, no
//   equity, no stop) blocks with its own reason.
//   Automatic mode changes (loss limits, repeated rejects, unknown outcomes) are edge-triggered: each fires once
//   when its condition starts, so an operator's resume is not undone on the next event while the condition
//   lasts, and two breakers cannot take turns re-writing the cause. A slot carries two changes at most; a change
//   that finds no room waits for the next slot (the edge is kept until it is reported), so every change is
//   journaled, and a replay makes the same ones at the same slots.

/// <summary>
/// Gating: the in-line, mandatory gate. It owns the <see cref="TradingState"/>: applies halt requests and control
/// events (pause, resume, kill, set-state; <see cref="ControlLayout"/>) and the automatic mode changes (daily loss
/// limit, drawdown breaker, repeated rejects of a symbol, unknown order outcomes), and judges every order a slot
/// carries (<see cref="InputEvent.Purpose"/> set) against the account as the ledger has it: an entry must pass every
/// check (docs/RISK.md "The gate"), an exit may never open or flip a position and never passes HALTED. It registers
/// every order it approves with the ledger.
/// </summary>
/// <remarks>Runs on one stage thread (the ledger's); allocation-free per event. Every mode change is reported in the
/// slot (<see cref="InputEvent.ModeChanges"/>) for the journal. A symbol trades under the stricter of the global mode
/// and its own.</remarks>
public sealed class GatingStage : IEventHandler<InputEvent>
{
    private const long Ppm = 1_000_000;
    private const int Reasons = (int)GateReason.ClusterHeat + 1;

    /// <summary>Live reduce-only exits the gate follows per symbol; one more is blocked (fail closed).</summary>
    public const int MaxLiveExits = 16;

    private readonly TradingState _state;
    private readonly IOrderLedger _ledger;
    private readonly int _symbols;
    private readonly long _decisionBase;
    private readonly long _run;
    private readonly long[] _blocked = new long[Reasons];
    private readonly byte[] _feedDown;

    private readonly long _maxPositionNotional;
    private readonly long _maxOrderNotional;
    private readonly long _maxTotalNotional;
    private readonly long _exposurePpm;
    private readonly int _maxOpenPositions;
    private readonly long[] _maxLeverage;
    private readonly long _windowNs;
    private readonly long _dailyLossPpm;
    private readonly TradingMode _dailyLossMode;
    private readonly long _drawdownPpm;
    private readonly TradingMode _drawdownMode;
    private readonly long _collarBps;
    private readonly long _percentPriceBps;
    private readonly long _maintenancePpm;
    private readonly long _liquidationPpm;
    private readonly long _heatPpm;
    private readonly int[] _cluster;
    private readonly int _maxClusterPositions;
    private readonly long _clusterHeatPpm;
    private readonly int _maxRejects;

    // Sliding windows: the event times of the last approvals, a ring per symbol and one for all symbols.
    private readonly int _perSymbol;
    private readonly long[] _symbolTimes;
    private readonly int[] _symbolHead;
    private readonly int[] _symbolFilled;
    private readonly long[] _globalTimes;
    private int _globalHead;
    private int _globalFilled;

    private readonly long[] _entryStopDistance;
    private readonly long[] _exitIds;
    private readonly int[] _exitCount;
    private readonly int[] _rejects;
    private readonly bool[] _rejectHaltPending;
    private int _rejectHaltsPending;
    private bool _dailyTripped;
    private bool _drawdownTripped;
    private int _unresolvedSeen;
    private long _now;

    /// <summary>Creates the gate over <paramref name="state"/>, reading the account from <paramref name="ledger"/>.</summary>
    /// <param name="state">The trading state this gate owns.</param>
    /// <param name="ledger">The ledger (the account stage's, on this thread): the gate reads it and registers every
    /// order it approves.</param>
    /// <param name="options">The limits; validated here.</param>
    /// <param name="decisionBase">Base of decision ids (client order ids): the journal's next sequence when the
    /// run started, so that ids never repeat across restarts; 0 without a journal.</param>
    /// <param name="run">The journal's run identity carried by every client order id (0 without a journal): an
    /// order update names an order of this run only when it carries the same.</param>
    public GatingStage(TradingState state, IOrderLedger ledger, GateOptions options, long decisionBase = 0, long run = 0)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _state = state;
        _ledger = ledger;
        _decisionBase = decisionBase;
        _run = run;
        _symbols = options.Symbols;
        _feedDown = new byte[_symbols];
        _maxPositionNotional = Raw(options.MaxPositionNotional);
        _maxOrderNotional = Raw(options.MaxOrderNotional);
        _maxTotalNotional = Raw(options.MaxTotalNotional);
        _exposurePpm = Parts(options.MaxExposureShare);
        _maxOpenPositions = options.MaxOpenPositions;
        _maxLeverage = new long[_symbols];
        for (var i = 0; i < _symbols; i++)
        {
            var max = i < options.LeverageBrackets.Count ? Math.Min(options.MaxLeverage, options.LeverageBrackets[i]) : options.MaxLeverage;
            _maxLeverage[i] = Raw(max);
        }

        _windowNs = options.OrderRateWindowNs;
        _dailyLossPpm = Parts(options.DailyLossLimit);
        _dailyLossMode = options.DailyLossMode;
        _drawdownPpm = Parts(options.MaxDrawdown);
        _drawdownMode = options.DrawdownMode;
        _collarBps = options.MaxMarkDeviationBps;
        _percentPriceBps = options.PercentPriceBps;
        _maintenancePpm = Parts(options.MaintenanceMarginRate);
        _liquidationPpm = Parts(options.LiquidationStopMultiple);
        _heatPpm = Parts(options.MaxPortfolioHeat);
        _cluster = new int[_symbols];
        for (var i = 0; i < _symbols; i++)
        {
            _cluster[i] = i < options.Clusters.Count ? options.Clusters[i] : -1;
        }

        _maxClusterPositions = options.MaxClusterPositions;
        _clusterHeatPpm = Parts(options.MaxClusterHeat);
        _maxRejects = options.MaxConsecutiveRejects;
        _perSymbol = options.MaxOrdersPerSymbol;
        _symbolTimes = new long[_symbols * _perSymbol];
        _symbolHead = new int[_symbols];
        _symbolFilled = new int[_symbols];
        _globalTimes = new long[options.MaxOrders];
        _entryStopDistance = new long[_symbols];
        _exitIds = new long[_symbols * MaxLiveExits];
        _exitCount = new int[_symbols];
        _rejects = new int[_symbols];
        _rejectHaltPending = new bool[_symbols];
    }

    private static long Raw(double quote) => (long)Math.Round(Math.Min(quote * FixedPoint.Scale, long.MaxValue / 2.0));

    private static long Parts(double fraction) => (long)Math.Round(fraction * Ppm);

    /// <summary>True while <paramref name="symbolId"/>'s market data is unusable (only exits pass).</summary>
    public bool IsFeedUnhealthy(ushort symbolId) => _feedDown[symbolId] != 0;

    /// <summary>Orders approved.</summary>
    public long Approved { get; private set; }

    /// <summary>Order updates reporting a fill of an order of this run as they passed the gate, repeats included (a
    /// diagnostic: the ledger deduplicates and applies fills).</summary>
    public long FillReports { get; private set; }

    /// <summary>Set-state control events with an unknown target mode or symbol (counted, ignored).</summary>
    public long InvalidControls { get; private set; }

    /// <summary>Control events whose cause may not loosen the mode they found (counted, ignored; see <see cref="Permits"/>).</summary>
    public long RefusedControls { get; private set; }

    /// <summary>Mode changes made (global and per symbol, every cause).</summary>
    public long ModeChanges { get; private set; }

    /// <summary>Venue rejects of <paramref name="symbolId"/>'s orders in a row (reset by an accept or a fill).</summary>
    public int ConsecutiveRejects(ushort symbolId) => _rejects[symbolId];

    /// <summary>Orders blocked for <paramref name="reason"/>.</summary>
    public long BlockedFor(GateReason reason) => (int)reason < _blocked.Length ? _blocked[(int)reason] : 0;

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

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        data.Approved = false;
        data.GateReason = 0;
        data.DecisionId = 0;
        data.ModeChanges = 0;
        data.ModeChange0 = default;
        data.ModeChange1 = default;
        if (_state.ApplyRequests(out var halt))
        {
            Report(ref data, halt);
        }

        if (data.Kind == InputKind.Control)
        {
            ApplyControl(ref data);
        }
        else if (data.Kind == InputKind.FeedState && data.SymbolId < _feedDown.Length)
        {
            ApplyFeedState(data.SymbolId, (FeedStateCode)data.Code);
        }
        else if (data.Kind == InputKind.OrderUpdate)
        {
            CountRejects(in data);
        }

        if (data.ExchangeTimeNs > _now)
        {
            _now = data.ExchangeTimeNs; // event time, never backwards
        }

        Monitor(ref data);
        if (data.Purpose == OrderPurpose.None)
        {
            return;
        }

        var reason = data.Purpose == OrderPurpose.Entry ? CheckEntry(in data) : CheckExit(in data);
        if (reason != GateReason.None)
        {
            data.GateReason = (byte)reason;
            _blocked[(int)reason]++;
            return;
        }

        var symbol = data.OrderSymbolId;
        data.Approved = true;
        data.DecisionId = _decisionBase + sequence + 1;
        Approved++;
        RecordRate(symbol);
        if (data.Purpose == OrderPurpose.Entry)
        {
            _entryStopDistance[symbol] = Math.Abs(data.OrderReferencePrice.Raw - data.StopLossPrice.Raw);
        }
        else if (!data.ClosePosition)
        {
            _exitIds[(symbol * MaxLiveExits) + _exitCount[symbol]++] = data.DecisionId; // room checked by CheckExit
        }

        _ledger.Register(data.DecisionId, in data);
    }

    // ---- automatic mode changes ----

    private void CountRejects(in InputEvent e)
    {
        if (e.ClientOrderId.Run != _run || !_ledger.TryGetOrder(e.ClientOrderId.Sequence, out var order) || order.SymbolId >= _symbols)
        {
            return; // not an order of this run: the ledger counts it
        }

        var symbol = order.SymbolId;
        switch ((OrderUpdateCode)e.Code)
        {
            case OrderUpdateCode.Rejected when (OrderRejectReason)e.Aux3 != OrderRejectReason.HeldByHalt:
                if (++_rejects[symbol] >= _maxRejects && !_rejectHaltPending[symbol])
                {
                    _rejectHaltPending[symbol] = true;
                    _rejectHaltsPending++;
                }

                break;
            case OrderUpdateCode.PartiallyFilled:
            case OrderUpdateCode.Filled:
                FillReports++;
                _rejects[symbol] = 0;
                break;
            case OrderUpdateCode.Accepted:
                _rejects[symbol] = 0;
                break;
        }
    }

    private void Monitor(ref InputEvent e)
    {
        if (_rejectHaltsPending > 0)
        {
            for (ushort s = 0; s < _symbols && e.ModeChanges < 2 && _rejectHaltsPending > 0; s++)
            {
                if (_rejectHaltPending[s])
                {
                    _rejectHaltPending[s] = false;
                    _rejectHaltsPending--;
                    _rejects[s] = 0;
                    if (_state.SetSymbolMode(s, TradingMode.Halted, ModeCause.RepeatedRejects, out var change))
                    {
                        Report(ref e, change);
                    }
                }
            }
        }

        var unresolved = _ledger.UnresolvedOrders;
        if (unresolved != _unresolvedSeen && e.ModeChanges < 2)
        {
            if (unresolved > _unresolvedSeen && _state.Mode == TradingMode.Active)
            {
                SetGlobal(ref e, TradingMode.Reducing, ModeCause.UnknownOrderOutcome);
            }
            else if (unresolved == 0 && _state.Mode == TradingMode.Reducing && _state.Cause == ModeCause.UnknownOrderOutcome)
            {
                // Back to ACTIVE only when REDUCING is there because of unknown outcomes; any other cause (an
                // operator's pause, a venue not reconciled, low disk) stays until its own event lifts it.
                SetGlobal(ref e, TradingMode.Active, ModeCause.UnknownOutcomesResolved);
            }

            _unresolvedSeen = unresolved;
        }

        var daily = DailyLossBreached();
        if (!daily)
        {
            _dailyTripped = false;
        }
        else if (!_dailyTripped && e.ModeChanges < 2)
        {
            _dailyTripped = true;
            Trip(ref e, _dailyLossMode, ModeCause.DailyLossLimit);
        }

        var drawdown = DrawdownBreached();
        if (!drawdown)
        {
            _drawdownTripped = false;
        }
        else if (!_drawdownTripped && e.ModeChanges < 2)
        {
            _drawdownTripped = true;
            Trip(ref e, _drawdownMode, ModeCause.DrawdownBreaker);
        }
    }

    // A breaker only makes the mode stricter (or takes over an equally strict one), as any automatic cause.
    private void Trip(ref InputEvent e, TradingMode target, ModeCause cause)
    {
        if (Permits(_state.Mode, _state.Cause, target, cause))
        {
            SetGlobal(ref e, target, cause);
        }
    }

    private bool DailyLossBreached()
    {
        var start = _ledger.DayStartEquity;
        return start > 0 && (Int128)(start - _ledger.Equity) * Ppm > (Int128)start * _dailyLossPpm;
    }

    private bool DrawdownBreached()
    {
        var peak = _ledger.PeakEquity;
        return peak > 0 && (Int128)(peak - _ledger.Equity) * Ppm > (Int128)peak * _drawdownPpm;
    }

    // ---- order checks (docs/RISK.md "The gate": this order) ----

    private GateReason CheckExit(in InputEvent data)
    {
        var id = data.OrderSymbolId;
        if (id >= _symbols || data.OrderSide is not (Side.Buy or Side.Sell) || (!data.ClosePosition && data.OrderQuantity.Raw <= 0))
        {
            return GateReason.IncompleteOrder;
        }

        if (_state.EffectiveMode(id) == TradingMode.Halted)
        {
            return ModeReason(id, GateReason.Halted);
        }

        // Reduce-only correctness: an exit closes (part of) a position and never opens or flips one.
        var position = _ledger.Position(id);
        if (!(data.ReduceOnly || data.ClosePosition) || position == 0 || (position > 0 ? Side.Sell : Side.Buy) != data.OrderSide)
        {
            return GateReason.ReduceOnly;
        }

        if (!data.ClosePosition && (LiveExits(id, data.CancelDecisionId, out var others) >= MaxLiveExits
            || data.OrderQuantity.Raw + others > Math.Abs(position)))
        {
            return GateReason.ReduceOnly;
        }

        return GateReason.None;
    }

    // The reduce-only exits of the symbol this gate approved that the ledger still has live (final ones are dropped
    // here): how many, and their remaining quantity, without the one this slot cancels.
    private int LiveExits(ushort id, long cancelled, out long remaining)
    {
        remaining = 0;
        var at = id * MaxLiveExits;
        ref var count = ref _exitCount[id];
        for (var i = 0; i < count;)
        {
            if (!_ledger.TryGetOrder(_exitIds[at + i], out var order) || order.State is OrderState.Filled or OrderState.Canceled or OrderState.Rejected or OrderState.Expired)
            {
                _exitIds[at + i] = _exitIds[at + --count]; // order does not matter: a sum
                continue;
            }

            if (order.DecisionId != cancelled)
            {
                remaining += Math.Max(0, order.Quantity - order.Filled);
            }

            i++;
        }

        return count;
    }

    private GateReason CheckEntry(in InputEvent data)
    {
        var id = data.OrderSymbolId;
        var quantity = data.OrderQuantity.Raw;
        if (id >= _symbols || data.OrderSide is not (Side.Buy or Side.Sell) || quantity <= 0 || data.ReduceOnly || data.ClosePosition
            || data.StopLossPrice.Raw <= 0 || data.OrderLeverage.Raw <= 0)
        {
            return GateReason.IncompleteOrder;
        }

        var mode = _state.EffectiveMode(id);
        if (mode == TradingMode.Halted)
        {
            return ModeReason(id, GateReason.Halted);
        }

        if (mode == TradingMode.Reducing)
        {
            return ModeReason(id, GateReason.ReducingOnly);
        }

        if (_feedDown[id] != 0)
        {
            return GateReason.FeedUnhealthy;
        }

        var price = data.OrderReferencePrice.Raw; // the reference sizing priced this order at (ingest's rule)
        if (price <= 0)
        {
            return GateReason.NoPrice;
        }

        var buy = data.OrderSide == Side.Buy;
        var stopDistance = buy ? price - data.StopLossPrice.Raw : data.StopLossPrice.Raw - price;
        if (stopDistance <= 0)
        {
            return GateReason.IncompleteOrder; // a stop on the wrong side of the price protects nothing
        }

        var mark = _ledger.MarkPrice(id);
        if (mark <= 0)
        {
            return GateReason.NoMarkPrice;
        }

        var equity = _ledger.Equity;
        if (equity <= 0 || _ledger.PeakEquity <= 0 || _ledger.DayStartEquity <= 0)
        {
            return GateReason.NoEquity;
        }

        if (DailyLossBreached())
        {
            return GateReason.DailyLossLimit;
        }

        if (DrawdownBreached())
        {
            return GateReason.Drawdown;
        }

        if (_ledger.Position(id) != 0 || _ledger.OpenEntryExposure(id) != 0)
        {
            return GateReason.PositionExists;
        }

        // One pass over the book: symbols holding risk, its notional at mark, its risk to stop, by cluster.
        var cluster = _cluster[id];
        int open = 0, clusterOpen = 0;
        Int128 total = 0, heat = 0, clusterHeat = 0;
        for (ushort s = 0; s < _symbols; s++)
        {
            var held = Math.Abs(_ledger.Position(s));
            var entering = Math.Abs(_ledger.OpenEntryExposure(s));
            if (held == 0 && entering == 0)
            {
                continue;
            }

            var at = _ledger.MarkPrice(s);
            if (at <= 0)
            {
                return GateReason.NoMarkPrice;
            }

            // Risk to stop: |entry − initial stop| per unit; without a known stop (or entry), the whole notional.
            var stop = _ledger.InitialStopPrice(s);
            var entry = _ledger.AverageEntry(s);
            var risk = ((Int128)held * (stop > 0 && entry > 0 ? Math.Abs(entry - stop) : Math.Max(entry, at))) + ((Int128)entering * _entryStopDistance[s]);
            open++;
            total += (Int128)(held + entering) * at;
            heat += risk;
            if (cluster >= 0 && _cluster[s] == cluster)
            {
                clusterOpen++;
                clusterHeat += risk;
            }
        }

        if (open >= _maxOpenPositions)
        {
            return GateReason.MaxOpenPositions;
        }

        var scale = (Int128)FixedPoint.Scale;
        var notional = (Int128)quantity * price;
        if (notional > _maxOrderNotional * scale)
        {
            return GateReason.MaxOrderNotional;
        }

        if (notional > _maxPositionNotional * scale)
        {
            return GateReason.PositionLimit; // flat and no open entry (checked above): the order is the whole position
        }

        total += notional;
        if (total > _maxTotalNotional * scale)
        {
            return GateReason.MaxTotalNotional;
        }

        if (total * Ppm > (Int128)equity * _exposurePpm * scale)
        {
            return GateReason.Exposure;
        }

        if (data.OrderLeverage.Raw > _maxLeverage[id])
        {
            return GateReason.MaxLeverage;
        }

        if (_symbolFilled[id] == _perSymbol && _symbolTimes[(id * _perSymbol) + _symbolHead[id]] > _now - _windowNs)
        {
            return GateReason.SymbolOrderRate;
        }

        if (_globalFilled == _globalTimes.Length && _globalTimes[_globalHead] > _now - _windowNs)
        {
            return GateReason.GlobalOrderRate;
        }

        if ((Int128)Math.Abs(price - mark) * 10_000 > (Int128)mark * _collarBps)
        {
            return GateReason.PriceCollar;
        }

        var limit = data.OrderPrice.Raw;
        if (limit > 0 && (Int128)Math.Abs(limit - mark) * 10_000 > (Int128)mark * _percentPriceBps)
        {
            return GateReason.PercentPrice;
        }

        // Isolated margin: liquidation is about entry × (1/leverage − maintenance rate) away from the entry.
        var liquidation = ((Int128)price * FixedPoint.Scale / data.OrderLeverage.Raw) - ((Int128)price * _maintenancePpm / Ppm);
        if (liquidation * Ppm < (Int128)stopDistance * _liquidationPpm)
        {
            return GateReason.LiquidationDistance;
        }

        var orderRisk = (Int128)quantity * stopDistance;
        if ((heat + orderRisk) * Ppm > (Int128)equity * _heatPpm * scale)
        {
            return GateReason.PortfolioHeat;
        }

        if (cluster >= 0)
        {
            if (clusterOpen >= _maxClusterPositions)
            {
                return GateReason.ClusterPositions;
            }

            if ((clusterHeat + orderRisk) * Ppm > (Int128)equity * _clusterHeatPpm * scale)
            {
                return GateReason.ClusterHeat;
            }
        }

        return GateReason.None;
    }

    // A mode entered by a breaker names the breaker: the global mode binds when it is at least the symbol's own.
    private GateReason ModeReason(ushort id, GateReason reason) =>
        _state.Mode >= _state.SymbolMode(id) && _state.Cause == ModeCause.DailyLossLimit ? GateReason.DailyLossLimit
        : _state.Mode >= _state.SymbolMode(id) && _state.Cause == ModeCause.DrawdownBreaker ? GateReason.Drawdown
        : reason;

    private void RecordRate(ushort id)
    {
        var at = (id * _perSymbol) + _symbolHead[id];
        _symbolTimes[at] = _now;
        _symbolHead[id] = (_symbolHead[id] + 1) % _perSymbol;
        if (_symbolFilled[id] < _perSymbol)
        {
            _symbolFilled[id]++;
        }

        _globalTimes[_globalHead] = _now;
        _globalHead = (_globalHead + 1) % _globalTimes.Length;
        if (_globalFilled < _globalTimes.Length)
        {
            _globalFilled++;
        }
    }

    // A slot carries at most two changes: a halt request applied first, then the event's own (one control
    // command, or one order outcome).
    private void Report(ref InputEvent e, in ModeChange change)
    {
        ModeChanges++;
        if (e.ModeChanges == 0)
        {
            e.ModeChange0 = change;
        }
        else
        {
            e.ModeChange1 = change;
        }

        e.ModeChanges++;
    }

    private void SetGlobal(ref InputEvent e, TradingMode mode, ModeCause cause)
    {
        if (_state.SetMode(mode, cause, out var change))
        {
            Report(ref e, change);
        }
    }

    /// <summary>
    /// Whether a control event with <paramref name="cause"/> may move a scope from <paramref name="current"/>
    /// (entered for <paramref name="currentCause"/>) to <paramref name="target"/>. Fail closed: an operator's command
    /// applies as given; a recovery (<see cref="ModeCause.DiskSpaceRecovered"/>, <see cref="ModeCause.UnknownOutcomesResolved"/>)
    /// lifts only what its own condition caused; every other cause (disk low, not reconciled, feed dead, none given,
    /// ...) may only make the mode stricter, or take over an equally strict one (so that a recovery from the earlier
    /// cause no longer lifts it). A monitor can never undo a halt or a pause it did not cause.
    /// </summary>
    public static bool Permits(TradingMode current, ModeCause currentCause, TradingMode target, ModeCause cause) => cause switch
    {
        ModeCause.Operator => true,
        ModeCause.DiskSpaceRecovered => currentCause == ModeCause.DiskSpaceLow && target <= current,
        ModeCause.UnknownOutcomesResolved => currentCause == ModeCause.UnknownOrderOutcome && target <= current,
        _ => target >= current,
    };

    private void ControlGlobal(ref InputEvent e, TradingMode target, ModeCause cause)
    {
        if (!Permits(_state.Mode, _state.Cause, target, cause))
        {
            RefusedControls++;
            return;
        }

        SetGlobal(ref e, target, cause);
    }

    private void ApplyControl(ref InputEvent e)
    {
        var cause = (ModeCause)e.Aux0;
        switch ((ControlCode)e.Code)
        {
            case ControlCode.Pause:
                ControlGlobal(ref e, TradingMode.Reducing, cause);
                break;
            case ControlCode.Resume:
                ControlGlobal(ref e, TradingMode.Active, cause);
                break;
            case ControlCode.Kill:
                ControlGlobal(ref e, TradingMode.Halted, cause);
                break;
            case ControlCode.SetState:
                if (e.Aux1 is < (long)TradingMode.Active or > (long)TradingMode.Halted
                    || (e.Aux2 == ControlLayout.SymbolScope && e.SymbolId >= _feedDown.Length))
                {
                    InvalidControls++; // fail closed: an unknown target changes nothing
                }
                else if (e.Aux2 == ControlLayout.SymbolScope)
                {
                    // A symbol's own mode keeps no cause: only an operator loosens it.
                    var current = _state.SymbolMode(e.SymbolId);
                    if (!Permits(current, ModeCause.None, (TradingMode)e.Aux1, cause))
                    {
                        RefusedControls++;
                    }
                    else if (_state.SetSymbolMode(e.SymbolId, (TradingMode)e.Aux1, cause, out var change))
                    {
                        Report(ref e, change);
                    }
                }
                else
                {
                    ControlGlobal(ref e, (TradingMode)e.Aux1, cause);
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
}
