using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Features;

namespace QuantumTrader.Stages.Risk;

/// <summary>
/// Sizing: turns a signal into an order by the legacy rule (docs/RISK.md): margin = a fraction of equity;
/// leverage from fractional Kelly and ATR (cold start: ATR only, halved and capped), scaled by confidence^1.5,
/// bounded to [1×, min(max leverage, the symbol's bracket)]; quantity = margin × leverage ÷ the tick-rounded
/// reference price, floored to the step size; stop-loss and take-profit prices from ATR% with clamps. A missing
/// input (equity, price, ATR, confidence) or a result below the step or the minimum notional sizes no order and
/// counts a <see cref="SizingReason"/>. Every decision's inputs go on the slot (<see cref="InputEvent.Sizing"/>)
/// for the journal.
/// </summary>
/// <remarks>
/// Writes only the sizing section: OrderQuantity, OrderPrice (0: market), OrderReferencePrice, StopLossPrice,
/// TakeProfitPrice, OrderLeverage, Sizing. Runs on its stage group's thread; allocation-free per event.
/// </remarks>
public sealed class SizingStage : IEventHandler<InputEvent>
{
    private readonly InstrumentRegistry _instruments;
    private readonly SizingOptions _options;
    private readonly ISizingAccount _account;
    private readonly long _marginFractionRaw;
    private readonly Leverage[] _caps;
    private readonly Leverage _coldStartCap;
    private readonly long[] _reference;
    private readonly long[] _atrPct;
    private readonly long[] _refusals = new long[16];
    private long _sized;

    /// <summary>Creates the stage with the configured account (<see cref="PriorSizingAccount"/>: starting equity and
    /// Kelly priors).</summary>
    public SizingStage(InstrumentRegistry instruments, SizingOptions options)
        : this(instruments, options, Prior(options))
    {
    }

    /// <summary>Creates the stage with an account (the PnL ledger's, later; read on this stage's thread).</summary>
    public SizingStage(InstrumentRegistry instruments, SizingOptions options, ISizingAccount account)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(account);
        options.Validate();
        _instruments = instruments;
        _options = options;
        _account = account;
        _marginFractionRaw = ToRaw(options.MarginFraction);
        _coldStartCap = Leverage.FromDouble(options.ColdStartMaxLeverage);
        _caps = new Leverage[instruments.Count];
        for (var i = 0; i < _caps.Length; i++)
        {
            _caps[i] = Leverage.FromDouble(Math.Min(options.MaxLeverage, options.BracketOf(i)));
        }

        _reference = new long[instruments.Count];
        _atrPct = new long[instruments.Count];
    }

    /// <summary>Orders sized.</summary>
    public long Sized => Volatile.Read(ref _sized);

    /// <summary>Signals refused for <paramref name="reason"/> so far.</summary>
    public long Refused(SizingReason reason) => Volatile.Read(ref _refusals[(int)reason]);

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        data.OrderQuantity = default;
        data.OrderPrice = default;
        data.OrderReferencePrice = default;
        data.StopLossPrice = default;
        data.TakeProfitPrice = default;
        data.OrderLeverage = default;
        data.Sizing = default;
        ClearOrder(ref data);
        Mirror(in data);
        if (data.SignalSide == Side.None)
        {
            return;
        }

        var reason = Size(ref data);
        data.Sizing.Reason = (byte)reason;
        if (reason == SizingReason.None)
        {
            data.Purpose = OrderPurpose.Entry;
            data.OrderSymbolId = data.SignalSymbolId;
            data.OrderSide = data.SignalSide;
            Volatile.Write(ref _sized, _sized + 1);
        }
        else
        {
            data.OrderQuantity = default;
            data.OrderReferencePrice = default;
            data.StopLossPrice = default;
            data.TakeProfitPrice = default;
            data.OrderLeverage = default;
            Volatile.Write(ref _refusals[(int)reason], _refusals[(int)reason] + 1);
        }
    }

    /// <summary>Clears the slot's order section (sizing is its first writer on every slot; the exit owner may write
    /// it after sizing).</summary>
    public static void ClearOrder(ref InputEvent data)
    {
        data.Purpose = OrderPurpose.None;
        data.OrderSymbolId = 0;
        data.OrderSide = Side.None;
        data.OrderType = 0;
        data.ReduceOnly = false;
        data.ClosePosition = false;
        data.OrderStopPrice = default;
        data.OrderTriggerOn = TriggerPrice.Contract;
        data.OrderCallbackBps = 0;
        data.CancelDecisionId = 0;
        data.CancelPurpose = OrderPurpose.None;
    }

    /// <summary>The reference price of <paramref name="symbolId"/> as of the last slot seen (raw), 0 if none.</summary>
    public long LastPrice(ushort symbolId) => _reference[symbolId];

    /// <summary>The ATR% of <paramref name="symbolId"/>'s last feature vector (raw fixed point), 0 if none.</summary>
    public long LastAtrPct(ushort symbolId) => _atrPct[symbolId];

    // Design: with conflation a signal may ride on another symbol's slot, whose ReferencePrice and feature vector
    // are that other symbol's. Ingest's reference of a symbol changes only on that symbol's slots and every one of
    // them carries it, and the features stage writes a symbol's vector only on that symbol's slots, so the values
    // last seen on a slot of the symbol are exactly theirs as of this slot: mirrors, never a second rule.
    private void Mirror(in InputEvent data)
    {
        if (data.SymbolId >= _reference.Length)
        {
            return;
        }

        _reference[data.SymbolId] = data.ReferencePrice.Raw;
        if (data.FeaturesReady && data.FeatureCount > FeatureIndex.AtrPct)
        {
            ReadOnlySpan<float> features = data.Features;
            var atr = features[FeatureIndex.AtrPct];
            _atrPct[data.SymbolId] = float.IsFinite(atr) && atr > 0 && atr < 1 ? (long)Math.Round(atr * (double)FixedPoint.Scale) : 0;
        }
    }

    private SizingReason Size(ref InputEvent data)
    {
        ref var t = ref data.Sizing;
        var symbol = data.SignalSymbolId;
        t.MarginFractionRaw = _marginFractionRaw;
        if (symbol >= _reference.Length)
        {
            return SizingReason.UnknownSymbol;
        }

        if (!_account.TryGetEquity(out var equity) || equity <= 0)
        {
            return SizingReason.NoEquity;
        }

        t.EquityRaw = equity;
        t.Margin = new Margin((long)((Int128)equity * _marginFractionRaw / FixedPoint.Scale));
        var instrument = _instruments[symbol];
        var price = RoundToTick(_reference[symbol], instrument.TickSize.Raw);
        if (price <= 0)
        {
            return SizingReason.NoPrice; // no price yet: no size, never a guess
        }

        data.OrderReferencePrice = new Price(price);
        t.AtrPctRaw = _atrPct[symbol];
        if (t.AtrPctRaw <= 0)
        {
            return SizingReason.NoAtr;
        }

        var confidence = (double)data.Confidence;
        if (!(confidence > 0 && confidence <= 1))
        {
            return SizingReason.NoConfidence;
        }

        // Each result is quantized before the next step uses it: the journal's figures are the ones decided on.
        var o = _options;
        var atrPct = Fraction(t.AtrPctRaw);
        t.StopDistanceRaw = ToRaw(SizingMath.StopDistance(atrPct, o.StopAtrMultiple, o.MinStopDistance, o.MaxStopDistance));
        t.TakeProfitDistanceRaw = ToRaw(Fraction(t.StopDistanceRaw) * o.TakeProfitR);
        _account.KellyInputs(out var winRate, out var payoff);
        t.KellyLeverage = Leverage.FromDouble(SizingMath.KellyLeverage(winRate, payoff, Fraction(t.StopDistanceRaw), o.KellyFraction));
        t.AtrLeverage = Leverage.FromDouble(SizingMath.AtrLeverage(atrPct, o.AtrRiskPerTrade, o.AtrLeverageStopMultiple, Fraction(_marginFractionRaw)));
        t.ColdStart = _account.ClosedTrades < o.ColdStartTrades;
        if (!t.ColdStart && t.KellyLeverage.Raw <= 0)
        {
            return SizingReason.NoEdge;
        }

        var chosen = Leverage.FromDouble(SizingMath.Leverage(t.ColdStart, t.KellyLeverage.ToDouble(), t.AtrLeverage.ToDouble(), confidence, _coldStartCap.ToDouble()));
        chosen = Leverage.Min(Leverage.Max(chosen, Leverage.One), _caps[symbol]);
        data.OrderLeverage = chosen;

        var p = new Price(price);
        t.UnroundedQuantity = (t.Margin * chosen).QuantityAt(p);
        var quantity = instrument.FloorQuantity(t.UnroundedQuantity);
        t.Notional = Notional.Of(quantity, p);
        if (quantity.Raw <= 0)
        {
            return SizingReason.BelowStepSize;
        }

        if (t.Notional.Raw < instrument.MinNotional)
        {
            return SizingReason.BelowMinNotional;
        }

        var sign = data.SignalSide == Side.Buy ? 1 : -1;
        data.OrderQuantity = quantity;
        data.StopLossPrice = new Price(OffsetPrice(price, -sign * t.StopDistanceRaw, instrument.TickSize.Raw));
        data.TakeProfitPrice = new Price(OffsetPrice(price, sign * t.TakeProfitDistanceRaw, instrument.TickSize.Raw));
        return SizingReason.None;
    }

    /// <summary><paramref name="price"/> × (1 + <paramref name="fractionRaw"/>), to the nearest tick.</summary>
    private static long OffsetPrice(long price, long fractionRaw, long tick) =>
        RoundToTick((long)((Int128)price * (FixedPoint.Scale + fractionRaw) / FixedPoint.Scale), tick);

    /// <summary>To the nearest multiple of <paramref name="tick"/>, halves up; ≤ 0 stays as it is.</summary>
    private static long RoundToTick(long price, long tick) =>
        price <= 0 ? price : (price + (tick / 2)) / tick * tick;

    private static double Fraction(long raw) => raw / (double)FixedPoint.Scale;

    private static long ToRaw(double fraction) => (long)Math.Round(fraction * FixedPoint.Scale);

    private static PriorSizingAccount Prior(SizingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PriorSizingAccount(ToRaw(options.StartingEquity), options.PriorWinRate, options.PriorPayoff);
    }
}
