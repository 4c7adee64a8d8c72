using CsCheck;
using QuantumTrader.Model;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Stages.Risk;
using Xunit;

namespace QuantumTrader.Stages.Tests.Risk;

public sealed class SizingStageTests
{
    private static InstrumentRegistry Registry()
    {
        var r = new InstrumentRegistry();
        r.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.10m), Quantity.FromDecimal(0.001m), 100 * FixedPoint.Scale);
        r.Add(Venue.BinanceUsdM, "ETHUSDT", Price.FromDecimal(0.01m), Quantity.FromDecimal(0.001m), 20 * FixedPoint.Scale);
        return r;
    }

    /// <summary>An account with a trade history (no cold start) or without.</summary>
    private sealed record Account(long EquityRaw, int Trades, double WinRate, double Payoff) : ISizingAccount
    {
        public bool TryGetEquity(out long equityRaw)
        {
            equityRaw = EquityRaw;
            return EquityRaw > 0;
        }

        public int ClosedTrades => Trades;

        public void KellyInputs(out double winRate, out double payoff)
        {
            winRate = WinRate;
            payoff = Payoff;
        }
    }

    private static InputEvent Vector(ushort symbol, decimal price, float atrPct)
    {
        var e = new InputEvent { Kind = InputKind.Trade, SymbolId = symbol, Valid = true, ReferencePrice = Price.FromDecimal(price), FeaturesReady = atrPct != 0, FeatureCount = FeatureIndex.Count };
        e.Features[FeatureIndex.AtrPct] = atrPct;
        return e;
    }

    private static InputEvent Size(SizingStage sizing, ushort symbol, decimal price, float atrPct, Side side, float confidence)
    {
        var vector = Vector(symbol, price, atrPct);
        sizing.OnEvent(ref vector, 0, false);
        var signal = new InputEvent { Kind = InputKind.Timer, SymbolId = symbol, ReferencePrice = vector.ReferencePrice, SignalSide = side, SignalSymbolId = symbol, Confidence = confidence };
        sizing.OnEvent(ref signal, 1, true);
        return signal;
    }

    public static TheoryData<string, int, decimal, float, float, decimal, decimal, bool> Leverages => new()
    {
        // name, closed trades, price, ATR%, confidence, expected leverage, expected quantity, cold start
        // Cold start, ATR 0.2%: ATR leverage 0.015/(1.5·0.002·0.02) = 250; ×0.8^1.5×0.5 = 89.4 → capped at 5×:
        // margin 10,000×0.02 = 200, notional 1,000 at 50,000 = 0.02 BTC.
        { "cold start capped at 5x", 0, 50_000m, 0.002f, 0.8f, 5m, 0.02m, true },
        // Cold start, ATR 5%: ATR leverage 0.015/(1.5·0.05·0.02) = 10; ×0.25^1.5×0.5 = 0.625 → raised to 1×.
        { "cold start floored at 1x", 4, 50_000m, 0.05f, 0.25f, 1m, 0.004m, true },
        // Cold start, ATR 4%: 12.5 × 0.64^1.5 (= 0.512) × 0.5 = 3.2×: notional 640 → 0.0128 → 0.012 BTC.
        { "cold start below its cap", 0, 50_000m, 0.04f, 0.64f, 3.2m, 0.012m, true },
        // Warm, ATR 4%: SL clamp 0.08 → 0.03; Kelly(0.5, 1.5, 0.03)×0.25 = 0.25·0.0075/0.00140625 = 1.3333…;
        // ATR leverage 12.5; √(1.3333×12.5) = 4.08248…; ×1 (confidence 1); 200×4.08/50,000 = 0.01633 → 0.016.
        { "kelly and ATR geometric mean", 5, 50_000m, 0.04f, 1f, 4.0824829m, 0.016m, false },
        // Warm, ATR 0.1%: ATR leverage 500, Kelly (SL 2.5%) 1.6: √800 = 28.3 → the max leverage of 20×.
        { "capped at max leverage", 10, 50_000m, 0.001f, 1f, 20m, 0.08m, false },
    };

    [Theory]
    [MemberData(nameof(Leverages))]
    public void OnEvent_Signal_LeverageAndQuantityByTheRule(string name, int trades, decimal price, float atrPct, float confidence, decimal leverage, decimal quantity, bool cold)
    {
        var sizing = new SizingStage(Registry(), new SizingOptions(), new Account(10_000 * FixedPoint.Scale, trades, 0.5, 1.5));
        var e = Size(sizing, 0, price, atrPct, Side.Buy, confidence);
        Assert.True(e.Sizing.Reason == 0, $"{name}: refused {(SizingReason)e.Sizing.Reason}");
        Assert.Equal(cold, e.Sizing.ColdStart);
        Assert.Equal(Leverage.FromDecimal(leverage).ToDouble(), e.OrderLeverage.ToDouble(), 6);
        Assert.Equal(Quantity.FromDecimal(quantity), e.OrderQuantity);
        Assert.Equal(Margin.FromDecimal(200m), e.Sizing.Margin);
        Assert.True(e.OrderQuantity.Raw % Quantity.FromDecimal(0.001m).Raw == 0, name);
    }

    [Fact]
    public void OnEvent_SymbolBracketBelowMaxLeverage_CappedAtTheBracket()
    {
        var options = new SizingOptions { MaxLeverage = 50, LeverageBrackets = [8, 20] };
        var sizing = new SizingStage(Registry(), options, new Account(10_000 * FixedPoint.Scale, 10, 0.5, 1.5));
        var e = Size(sizing, 0, 50_000m, 0.002f, Side.Buy, 1f);
        Assert.Equal(Leverage.FromDecimal(8m), e.OrderLeverage); // the geometric mean is 20×
    }

    public static TheoryData<float, decimal, decimal, decimal, decimal> Stops => new()
    {
        // ATR%, SL distance, long SL price, long TP price (R 1.5), at 50,000.05 → 50,000.10 (nearest tick, halves up)
        { 0.0001f, 0.025m, 48_750.10m, 51_875.10m, 0.0375m },  // 2×0.01% = 0.02% → clamped up to 2.5%
        { 0.0130f, 0.026m, 48_700.10m, 51_950.10m, 0.039m },   // 2×1.3% = 2.6%, inside the clamp
        { 0.0400f, 0.030m, 48_500.10m, 52_250.10m, 0.045m },   // 8% → clamped down to 3%
    };

    [Theory]
    [MemberData(nameof(Stops))]
    public void OnEvent_Signal_StopAndTakeProfitFromAtrClampedAndTickRounded(float atrPct, decimal slDistance, decimal sl, decimal tp, decimal tpDistance)
    {
        var sizing = new SizingStage(Registry(), new SizingOptions());
        var e = Size(sizing, 0, 50_000.05m, atrPct, Side.Buy, 1f);
        Assert.Equal(Price.FromDecimal(50_000.10m), e.OrderReferencePrice);
        Assert.Equal((long)(slDistance * FixedPoint.Scale), e.Sizing.StopDistanceRaw);
        Assert.Equal((long)(tpDistance * FixedPoint.Scale), e.Sizing.TakeProfitDistanceRaw);
        Assert.Equal(Price.FromDecimal(sl), e.StopLossPrice);
        Assert.Equal(Price.FromDecimal(tp), e.TakeProfitPrice);

        var shortSide = Size(new SizingStage(Registry(), new SizingOptions()), 0, 50_000.05m, atrPct, Side.Sell, 1f);
        Assert.True(shortSide.StopLossPrice > shortSide.OrderReferencePrice); // a short's stop is above
        Assert.True(shortSide.TakeProfitPrice < shortSide.OrderReferencePrice);
        Assert.Equal(0, shortSide.StopLossPrice.Raw % Price.FromDecimal(0.10m).Raw);
    }

    public static TheoryData<string, long, decimal, float, float, SizingReason> Refusals => new()
    {
        { "no equity", 0, 50_000m, 0.002f, 0.8f, SizingReason.NoEquity },
        { "no price", 10_000 * FixedPoint.Scale, 0m, 0.002f, 0.8f, SizingReason.NoPrice },
        { "no ATR", 10_000 * FixedPoint.Scale, 50_000m, 0f, 0.8f, SizingReason.NoAtr },
        { "NaN ATR", 10_000 * FixedPoint.Scale, 50_000m, float.NaN, 0.8f, SizingReason.NoAtr },
        { "no confidence", 10_000 * FixedPoint.Scale, 50_000m, 0.002f, 0f, SizingReason.NoConfidence },
        { "NaN confidence", 10_000 * FixedPoint.Scale, 50_000m, 0.002f, float.NaN, SizingReason.NoConfidence },
        // 1,000 equity: margin 20 at 1× (ATR 5%, confidence 0.25) = 20 USDT: 0.0004 BTC → 0 steps.
        { "below the step", 1_000 * FixedPoint.Scale, 50_000m, 0.05f, 0.25f, SizingReason.BelowStepSize },
        // 2,500 equity: margin 50 at 1× = 50 USDT: 0.001 BTC = 50 < min notional 100.
        { "below min notional", 2_500 * FixedPoint.Scale, 50_000m, 0.05f, 0.25f, SizingReason.BelowMinNotional },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void OnEvent_MissingInputOrTooSmall_NoOrderAndNamedReason(string name, long equity, decimal price, float atrPct, float confidence, SizingReason reason)
    {
        var sizing = new SizingStage(Registry(), new SizingOptions(), new Account(equity, 0, 0.5, 1.5));
        var e = Size(sizing, 0, price, atrPct, Side.Buy, confidence);
        Assert.True(e.OrderQuantity.Raw == 0, name);
        Assert.Equal(0, e.StopLossPrice.Raw);
        Assert.Equal(0, e.OrderLeverage.Raw);
        Assert.Equal(reason, (SizingReason)e.Sizing.Reason);
        Assert.Equal(1, sizing.Refused(reason));
        Assert.Equal(0, sizing.Sized);
    }

    [Fact]
    public void OnEvent_WarmWithoutEdge_RefusedNoEdge()
    {
        var sizing = new SizingStage(Registry(), new SizingOptions(), new Account(10_000 * FixedPoint.Scale, 10, 0.3, 1.0));
        var e = Size(sizing, 0, 50_000m, 0.002f, Side.Buy, 1f);
        Assert.Equal(SizingReason.NoEdge, (SizingReason)e.Sizing.Reason);
        Assert.Equal(0, e.OrderQuantity.Raw);
    }

    [Fact]
    public void OnEvent_SignalRidingOnAnotherSymbolsSlot_SizedAtItsOwnSymbolsPriceAndAtr()
    {
        var sizing = new SizingStage(Registry(), new SizingOptions());
        var eth = Vector(1, 2_500m, 0.04f);
        sizing.OnEvent(ref eth, 0, false);

        // Conflation: the ETH signal rides on a BTC slot, whose reference and vector are BTC's.
        var btc = Vector(0, 61_000m, 0.002f);
        btc.SignalSide = Side.Buy;
        btc.SignalSymbolId = 1;
        btc.Confidence = 0.64f;
        sizing.OnEvent(ref btc, 1, true);
        Assert.Equal(Price.FromDecimal(2_500m), btc.OrderReferencePrice);
        Assert.Equal(4_000_000, btc.Sizing.AtrPctRaw); // ETH's 4%, not BTC's 0.2%
        Assert.Equal(3.2, btc.OrderLeverage.ToDouble(), 6); // 12.5 × 0.64^1.5 × 0.5 (BTC's ATR would give 5×)
        Assert.Equal(Quantity.FromDecimal(0.255m), btc.OrderQuantity); // 200 × 3.19999… / 2,500 = 0.25599… → step
    }

    [Fact]
    public void Property_NotionalWithinEquityTimesMaxLeverageTimesFraction_QuantityOnTheStep()
    {
        var gen = Gen.Select(
            Gen.Long[1, 1_000_000 * FixedPoint.Scale],   // equity
            Gen.Double[0.001, 1.0],                      // margin fraction
            Gen.Double[1.0, 125.0],                      // max leverage
            Gen.Int[1, 2_000_000],                       // price in ticks of 0.10
            Gen.Float[0.00001f, 0.5f],                   // ATR%
            Gen.Float[0.01f, 1f],                        // confidence
            Gen.Int[0, 20]);                             // closed trades
        gen.Sample((equity, fraction, maxLeverage, ticks, atr, confidence, trades) =>
        {
            var options = new SizingOptions { MarginFraction = fraction, MaxLeverage = maxLeverage, DefaultLeverageBracket = 125 };
            var sizing = new SizingStage(Registry(), options, new Account(equity, trades, 0.55, 1.5));
            var e = Size(sizing, 0, ticks * 0.10m, atr, trades % 2 == 0 ? Side.Buy : Side.Sell, confidence);
            var bound = (decimal)equity / FixedPoint.Scale * (decimal)fraction * (decimal)maxLeverage;
            var notional = (decimal)Notional.Of(e.OrderQuantity, e.OrderReferencePrice).Raw / FixedPoint.Scale;
            return notional <= bound
                && e.OrderQuantity.Raw % Quantity.FromDecimal(0.001m).Raw == 0
                && (e.OrderQuantity.Raw == 0) == (e.Sizing.Reason != 0)
                && e.OrderLeverage.ToDouble() <= maxLeverage;
        }, iter: 2_000);
    }

    [Fact]
    public void SizingRecord_RoundTrip_EveryInputAndOldVersionStillRead()
    {
        var sizing = new SizingStage(Registry(), new SizingOptions(), new Account(10_000 * FixedPoint.Scale, 5, 0.5, 1.5));
        var e = Size(sizing, 0, 50_000m, 0.04f, Side.Sell, 0.9f);
        var record = SizingRecord.FromSlot(in e, 41);
        var buffer = new byte[SizingRecord.Size];
        record.Write(buffer);
        Assert.True(SizingRecord.TryRead(buffer, SizingRecord.Version, out var read));
        Assert.Equal(record, read);
        Assert.Equal(10_000 * FixedPoint.Scale, read.Trace.EquityRaw);
        Assert.Equal(2_000_000, read.Trace.MarginFractionRaw);
        Assert.Equal(4_000_000, read.Trace.AtrPctRaw);
        Assert.Equal(0.9f, read.Confidence);
        Assert.Equal(e.OrderLeverage, read.Leverage);
        Assert.Equal(e.Sizing.KellyLeverage, read.Trace.KellyLeverage);
        Assert.Equal(e.Sizing.AtrLeverage, read.Trace.AtrLeverage);
        Assert.Equal(e.StopLossPrice, read.StopLossPrice);
        Assert.Equal(e.TakeProfitPrice, read.TakeProfitPrice);
        Assert.Equal(e.Sizing.UnroundedQuantity, read.Trace.UnroundedQuantity);
        Assert.Equal(e.Sizing.Notional, read.Trace.Notional);
        Assert.False(read.ColdStart);

        // A refusal journals its reason.
        var refused = Size(new SizingStage(Registry(), new SizingOptions()), 0, 50_000m, 0f, Side.Buy, 0.9f);
        SizingRecord.FromSlot(in refused, 42).Write(buffer);
        Assert.True(SizingRecord.TryRead(buffer, SizingRecord.Version, out var r2));
        Assert.Equal((byte)SizingReason.NoAtr, r2.Reason);

        // Version 1 (32 bytes: sequence, symbol, side, quantity, price) is still read; the rest reads as 0.
        record.Write(buffer);
        Assert.True(SizingRecord.TryRead(buffer.AsSpan(0, 32), 1, out var v1));
        Assert.Equal(41, v1.InputSequence);
        Assert.Equal(record.Quantity, v1.Quantity);
        Assert.Equal(0, v1.Leverage.Raw);
        Assert.False(SizingRecord.TryRead(buffer.AsSpan(0, 32), 2, out _)); // a short version-2 payload is malformed
        Assert.False(SizingRecord.TryRead(buffer, 3, out _)); // a newer version is never guessed
    }
}
