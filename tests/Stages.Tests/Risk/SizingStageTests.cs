using QuantumTrader.Model;
using QuantumTrader.Stages.Risk;
using Xunit;

namespace QuantumTrader.Stages.Tests.Risk;

public sealed class SizingStageTests
{
    private static InstrumentRegistry Registry()
    {
        var r = new InstrumentRegistry();
        r.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.10m), Quantity.FromDecimal(0.001m), 100 * FixedPoint.Scale);
        return r;
    }

    [Fact]
    public void OnEvent_Signal_QuantityFlooredToStepAtLastPrice()
    {
        var sizing = new SizingStage(Registry(), 200 * FixedPoint.Scale);
        var tick = new InputEvent { Kind = InputKind.Trade, Valid = true, Price = Price.FromDecimal(61_000m), Quantity = Quantity.FromDecimal(1m), ReferencePrice = Price.FromDecimal(61_000m) };
        sizing.OnEvent(ref tick, 0, false);
        var signal = new InputEvent { Kind = InputKind.Timer, SignalSide = Side.Buy, ReferencePrice = tick.ReferencePrice }; // ingest stamps every slot
        sizing.OnEvent(ref signal, 1, true);

        // 200 / 61,000 = 0.0032786… → floored to the 0.001 step = 0.003
        Assert.Equal(Quantity.FromDecimal(0.003m), signal.OrderQuantity);
        Assert.Equal(Price.FromDecimal(61_000m), signal.OrderReferencePrice); // carried to the gate and the order
    }

    [Fact]
    public void OnEvent_SignalRidingOnAnotherSymbolsSlot_SizedAtItsOwnSymbolsReference()
    {
        var r = Registry();
        r.Add(Venue.BinanceUsdM, "ETHUSDT", Price.FromDecimal(0.01m), Quantity.FromDecimal(0.001m), 20 * FixedPoint.Scale);
        var sizing = new SizingStage(r, 200 * FixedPoint.Scale);
        var eth = new InputEvent { Kind = InputKind.Trade, SymbolId = 1, Valid = true, Price = Price.FromDecimal(2_500m), Quantity = Quantity.FromDecimal(1m), ReferencePrice = Price.FromDecimal(2_500m) };
        sizing.OnEvent(ref eth, 0, false);

        // Conflation: the ETH signal rides on a BTC slot, whose reference is BTC's.
        var btc = new InputEvent { Kind = InputKind.Trade, SymbolId = 0, Valid = true, Price = Price.FromDecimal(61_000m), Quantity = Quantity.FromDecimal(1m), ReferencePrice = Price.FromDecimal(61_000m), SignalSide = Side.Buy, SignalSymbolId = 1 };
        sizing.OnEvent(ref btc, 1, true);
        Assert.Equal(Price.FromDecimal(2_500m), btc.OrderReferencePrice);
        Assert.Equal(Quantity.FromDecimal(0.08m), btc.OrderQuantity); // 200 / 2,500
    }

    [Fact]
    public void OnEvent_BelowMinNotionalAfterFlooring_NoOrder()
    {
        var sizing = new SizingStage(Registry(), 150 * FixedPoint.Scale);
        var tick = new InputEvent { Kind = InputKind.Trade, Valid = true, Price = Price.FromDecimal(61_000m), Quantity = Quantity.FromDecimal(1m), ReferencePrice = Price.FromDecimal(61_000m) };
        sizing.OnEvent(ref tick, 0, false);
        var signal = new InputEvent { Kind = InputKind.Timer, SignalSide = Side.Sell, ReferencePrice = tick.ReferencePrice };
        sizing.OnEvent(ref signal, 1, true);

        // 150 / 61,000 → 0.002, worth 122 < min notional 100? no: 122 ≥ 100, so it passes; 0.001 would not.
        Assert.Equal(Quantity.FromDecimal(0.002m), signal.OrderQuantity);
        var tiny = new SizingStage(Registry(), 90 * FixedPoint.Scale);
        tiny.OnEvent(ref tick, 0, false);
        var s2 = new InputEvent { Kind = InputKind.Timer, SignalSide = Side.Sell, ReferencePrice = tick.ReferencePrice };
        tiny.OnEvent(ref s2, 1, true);
        Assert.Equal(0, s2.OrderQuantity.Raw);
    }

    [Fact]
    public void OnEvent_NoPriceSeen_NoOrder()
    {
        var sizing = new SizingStage(Registry(), 200 * FixedPoint.Scale);
        var signal = new InputEvent { Kind = InputKind.Timer, SignalSide = Side.Buy };
        sizing.OnEvent(ref signal, 0, true);
        Assert.Equal(0, signal.OrderQuantity.Raw);
    }
}
