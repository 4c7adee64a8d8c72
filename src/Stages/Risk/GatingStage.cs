using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;

namespace QuantumTrader.Stages.Risk;

/// <summary>
/// Gating: the in-line, mandatory gate. It owns the <see cref="TradingState"/>: applies halt requests and
/// control events (pause, resume, kill, set-state; <see cref="ControlLayout"/>), applies order outcomes (fills move positions; rejects, cancels and expiries release exposure), blocks
/// every order while HALTED, only risk-reducing orders while REDUCING, and orders that would take exposure
/// (position plus orders still open) past the per-symbol notional limit. Fail closed: no price, no
/// approval; an unknown order outcome keeps its exposure and holds trading in REDUCING until resolved; a
/// symbol whose market data is unusable (book out of sync, stream stale or disconnected) only reduces risk.
/// </summary>
/// <remarks>Runs on one stage thread. The open-order table is pre-sized; lookups never iterate it in hash order.
/// Every mode change is reported in the slot (<see cref="InputEvent.ModeChanges"/>) for the journal. A symbol
/// trades under the stricter of the global mode and its own.</remarks>
public sealed class GatingStage : IEventHandler<InputEvent>
{
    private readonly TradingState _state;
    private readonly long _maxPositionNotionalRaw;
    private readonly long[] _openExposure;
    private readonly long[] _blocked = new long[8];
    private readonly Dictionary<long, OpenOrder> _open = new(4096);
    private readonly byte[] _feedDown;
    private readonly long _decisionBase;
    private readonly long _run;
    private int _unresolved;

    /// <summary>Creates the gate over <paramref name="state"/> with a per-symbol notional limit (raw quote units).</summary>
    /// <param name="state">The trading state this gate owns.</param>
    /// <param name="symbols">Number of instruments.</param>
    /// <param name="maxPositionNotionalRaw">Per-symbol exposure limit, raw quote units.</param>
    /// <param name="decisionBase">Base of decision ids (client order ids): the journal's next sequence when the
    /// run started, so that ids never repeat across restarts; 0 without a journal.</param>
    /// <param name="run">The journal's run identity carried by every client order id (0 without a journal): an
    /// order update names an order of this gate only when it carries the same.</param>
    public GatingStage(TradingState state, int symbols, long maxPositionNotionalRaw, long decisionBase = 0, long run = 0)
    {
        _decisionBase = decisionBase;
        _run = run;
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

    /// <summary>Set-state control events with an unknown target mode or symbol (counted, ignored).</summary>
    public long InvalidControls { get; private set; }

    /// <summary>Control events whose cause may not loosen the mode they found (counted, ignored; see <see cref="Permits"/>).</summary>
    public long RefusedControls { get; private set; }

    /// <summary>Mode changes made (global and per symbol, every cause).</summary>
    public long ModeChanges { get; private set; }

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
        data.ModeChanges = 0;
        data.ModeChange0 = default;
        data.ModeChange1 = default;
        if (_state.ApplyRequests(out var halt))
        {
            Report(ref data, halt);
        }

        if (data.Kind == InputKind.OrderUpdate)
        {
            ApplyOrderUpdate(ref data);
        }
        else if (data.Kind == InputKind.Control)
        {
            ApplyControl(ref data);
        }
        else if (data.Kind == InputKind.FeedState && data.SymbolId < _feedDown.Length)
        {
            ApplyFeedState(data.SymbolId, (FeedStateCode)data.Code);
        }

        if (data.Purpose == OrderPurpose.None || data.OrderSide == Side.None)
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

        var symbol = data.OrderSymbolId;
        var signed = data.OrderSide == Side.Buy ? data.OrderQuantity.Raw : -data.OrderQuantity.Raw;
        _openExposure[symbol] += signed;
        data.Approved = true;
        data.DecisionId = _decisionBase + sequence + 1;
        Approved++;
        _open[data.DecisionId] = new OpenOrder(symbol, signed);
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

    private void ApplyOrderUpdate(ref InputEvent e)
    {
        var key = e.ClientOrderId.Sequence;
        if (e.ClientOrderId.Run != _run || !_open.TryGetValue(key, out var order))
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
                        Close(ref e, key, order);
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
                    Close(ref e, key, order);
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
                Close(ref e, key, order);
                break;
            case OrderUpdateCode.UnknownOutcome:
                if (!order.Unknown)
                {
                    _open[key] = order with { Unknown = true };
                    _unresolved++;
                    if (_state.Mode == TradingMode.Active)
                    {
                        SetGlobal(ref e, TradingMode.Reducing, ModeCause.UnknownOrderOutcome);
                    }
                }

                break;
            case OrderUpdateCode.Accepted:
                if (order.Unknown)
                {
                    _open[key] = order with { Unknown = false };
                    Resolved(ref e);
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

    private void Close(ref InputEvent e, long key, OpenOrder order)
    {
        _open.Remove(key);
        if (order.Unknown)
        {
            Resolved(ref e);
        }
    }

    // Back to ACTIVE only when REDUCING is there because of unknown outcomes; any other cause (an operator's
    // pause, a venue not reconciled, low disk) stays until its own event lifts it.
    private void Resolved(ref InputEvent e)
    {
        _unresolved--;
        if (_unresolved == 0 && _state.Mode == TradingMode.Reducing && _state.Cause == ModeCause.UnknownOrderOutcome)
        {
            SetGlobal(ref e, TradingMode.Active, ModeCause.UnknownOutcomesResolved);
        }
    }

    private GateReason Check(ref InputEvent data)
    {
        var id = data.OrderSymbolId;
        var mode = _state.EffectiveMode(id);
        if (mode == TradingMode.Halted)
        {
            return GateReason.Halted;
        }

        var exposure = _state.Position(id).Raw + _openExposure[id];
        var signed = data.OrderSide == Side.Buy ? data.OrderQuantity.Raw : -data.OrderQuantity.Raw;
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
