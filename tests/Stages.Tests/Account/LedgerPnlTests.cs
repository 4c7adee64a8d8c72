using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;
using Xunit;
using static QuantumTrader.Stages.Tests.Account.LedgerEvents;

namespace QuantumTrader.Stages.Tests.Account;

public sealed class LedgerPnlTests
{
    private static readonly long Start = P(10_000);

    [Fact]
    public void Long_OpenAddPartialReduceClose_AverageEntryAndRealized()
    {
        var ledger = NewLedger();
        ledger.Trade(1, 0, Side.Buy, P(2), P(100));
        ledger.Trade(2, 0, Side.Buy, P(2), P(110)); // add: weighted average 105
        Assert.Equal(P(4), ledger.Position(0));
        Assert.Equal(P(105), ledger.AverageEntry(0));

        ledger.Trade(3, 0, Side.Sell, P(1), P(120), purpose: OrderPurpose.Harvest, reduceOnly: true);
        Assert.Equal(P(3), ledger.Position(0));
        Assert.Equal(P(105), ledger.AverageEntry(0)); // a partial reduce keeps the entry
        Assert.Equal(P(15), ledger.RealizedPnl);
        Assert.Equal(0, ledger.ClosedTrades);

        ledger.Trade(4, 0, Side.Sell, P(3), P(100), purpose: OrderPurpose.TimeStop, reduceOnly: true, time: T0 + 5);
        Assert.Equal(0, ledger.Position(0));
        Assert.Equal(0, ledger.AverageEntry(0));
        Assert.Equal(P(0), ledger.RealizedPnl); // +15 then −15
        Assert.Equal(1, ledger.ClosedTrades);
        Assert.Equal(1, ledger.ClosedBy(OrderPurpose.TimeStop));
        Assert.Equal(0, ledger.ClosedBy(OrderPurpose.Harvest)); // a partial close closes no round trip
        Assert.Equal(0, ledger.Wins);
        Assert.Equal(T0 + 5, ledger.LastCloseTimeNs(0));
        Assert.False(ledger.IsOpen(0));
        Assert.Equal(0, ledger.OpenPositions);
    }

    [Fact]
    public void Short_PartialReduceAndClose_RealizedIsEntryMinusExit()
    {
        var ledger = NewLedger();
        ledger.Trade(1, 1, Side.Sell, P(3), P(50));
        Assert.Equal(-P(3), ledger.Position(1));
        Assert.Equal(P(50), ledger.AverageEntry(1));
        ledger.Apply(Mark(1, P(45)));
        Assert.Equal(P(15), ledger.UnrealizedPnl(1));

        ledger.Trade(2, 1, Side.Buy, P(1), P(40), purpose: OrderPurpose.Harvest, reduceOnly: true);
        Assert.Equal(P(10), ledger.RealizedPnl);
        Assert.Equal(P(10), ledger.UnrealizedPnl(1)); // 2 at 50 marked at 45

        ledger.Trade(3, 1, Side.Buy, P(2), P(55), purpose: OrderPurpose.ProtectiveStop, reduceOnly: true);
        Assert.Equal(P(0), ledger.RealizedPnl); // +10 − 10
        Assert.Equal(0, ledger.UnrealizedPnl(1));
        Assert.Equal(Start, ledger.Equity);
    }

    [Fact]
    public void Flip_ClosesTheTradeAndOpensTheRestAtTheFillPrice()
    {
        var ledger = NewLedger();
        ledger.Register(1, Order(0, Side.Buy, P(1), stopLoss: P(97), takeProfit: P(104), leverageRaw: 3 * FixedPoint.Scale, time: T0));
        ledger.Apply(Update(1, OrderUpdateCode.Filled, P(100), P(1), P(1), tradeId: 11, time: T0 + 1));
        Assert.Equal(T0 + 1, ledger.PositionOpenedNs(0));
        Assert.Equal(P(97), ledger.InitialStopPrice(0));
        Assert.Equal(P(104), ledger.TakeProfitPrice(0));

        ledger.Register(2, Order(0, Side.Sell, P(3), stopLoss: P(93), takeProfit: P(86), leverageRaw: 2 * FixedPoint.Scale, time: T0 + 2));
        ledger.Apply(Update(2, OrderUpdateCode.Filled, P(90), P(3), P(3), tradeId: 12, time: T0 + 3));

        Assert.Equal(-P(2), ledger.Position(0));
        Assert.Equal(P(90), ledger.AverageEntry(0));
        Assert.Equal(-P(10), ledger.RealizedPnl);
        Assert.Equal(1, ledger.ClosedTrades);
        Assert.Equal(1, ledger.Losses);
        Assert.Equal(T0 + 3, ledger.LastCloseTimeNs(0));
        Assert.Equal(T0 + 3, ledger.PositionOpenedNs(0));
        Assert.Equal(P(93), ledger.InitialStopPrice(0));
        Assert.Equal(P(86), ledger.TakeProfitPrice(0));
        Assert.Equal(1, ledger.OpenPositions);
    }

    [Fact]
    public void FeesAndFunding_EnterWalletAndTheRoundTripsNet()
    {
        var ledger = NewLedger();
        ledger.Trade(1, 0, Side.Buy, P(1), P(100), fee: P(0.04m));
        ledger.Apply(Funding(0, -P(0.01m)));
        ledger.Apply(Funding(1, P(0.5m))); // no position there: the wallet only
        ledger.Apply(Funding(7, P(100))); // no such symbol: counted, ignored
        ledger.Trade(2, 0, Side.Sell, P(1), P(100.03m), fee: P(0.04m), reduceOnly: true, purpose: OrderPurpose.TakeProfit);

        Assert.Equal(P(0.08m), ledger.Fees);
        Assert.Equal(P(0.49m), ledger.Funding);
        Assert.Equal(1, ledger.InvalidAccountUpdates);
        Assert.Equal(P(0.03m), ledger.RealizedPnl);
        Assert.Equal(Start + P(0.03m) - P(0.08m) + P(0.49m), ledger.Wallet);
        Assert.Equal(ledger.Wallet, ledger.Equity);

        // The round trip: +0.03 − 0.08 fees − 0.01 funding = −0.06: a loss, whatever the realized PnL says.
        Assert.Equal(0, ledger.Wins);
        Assert.Equal(1, ledger.Losses);
        Assert.Equal(P(0.06m), ledger.GrossLosses);
    }

    [Fact]
    public void Mark_FromMarkPriceEventsElseTheReferencePrice()
    {
        var ledger = NewLedger();
        ledger.Trade(1, 0, Side.Buy, P(2), P(100));
        ledger.Apply(Reference(0, P(101)));
        Assert.Equal(P(101), ledger.MarkPrice(0));
        Assert.Equal(P(2), ledger.UnrealizedPnl(0));
        Assert.Equal(Start + P(2), ledger.Equity);

        ledger.Apply(Mark(0, P(99)));
        ledger.Apply(Reference(0, P(103))); // a mark price was seen: the reference no longer values the position
        ledger.Apply(Mark(0, P(1), valid: false)); // rejected by ingest: ignored
        Assert.Equal(P(99), ledger.MarkPrice(0));
        Assert.Equal(-P(2), ledger.UnrealizedPnl(0));
        Assert.Equal(Start - P(2), ledger.Equity);
        Assert.Equal(Start + P(2), ledger.PeakEquity);
        Assert.Equal(P(4), ledger.MaxDrawdown);
        ledger.Apply(Mark(0, P(110)));
        Assert.Equal(Start + P(20), ledger.PeakEquity);
        Assert.Equal(P(4), ledger.MaxDrawdown); // the largest drop so far, not the current one
    }

    [Fact]
    public void MarginUsed_NotionalAtMarkOverTheEntrysLeverage()
    {
        var ledger = NewLedger();
        ledger.Register(1, Order(0, Side.Buy, P(2), leverageRaw: 4 * FixedPoint.Scale));
        ledger.Apply(Update(1, OrderUpdateCode.Filled, P(100), P(2), P(2), tradeId: 1));
        ledger.Trade(2, 1, Side.Sell, P(10), P(5)); // no leverage registered: 1×
        ledger.Apply(Mark(0, P(110)));
        ledger.Apply(Mark(1, P(5)));

        Assert.Equal(P(55) + P(50), ledger.MarginUsed);
        Assert.Equal(4 * FixedPoint.Scale, ledger.PositionLeverage(0));
    }

    [Fact]
    public void DayStartEquity_IsTheEquityBeforeTheFirstEventOfEachUtcDay()
    {
        var ledger = NewLedger();
        ledger.Trade(1, 0, Side.Buy, P(1), P(100), time: T0 + 10);
        ledger.Apply(Mark(0, P(90), time: T0 + 20));
        Assert.Equal(Start, ledger.DayStartEquity);

        const long Day = 86_400_000_000_000;
        ledger.Apply(Mark(0, P(80), time: T0 + Day + 1)); // the first event of the next day
        Assert.Equal(Start - P(10), ledger.DayStartEquity);
        Assert.Equal(Start - P(20), ledger.Equity);
        ledger.Apply(Mark(0, P(70), time: T0 + Day + 2));
        ledger.Apply(Funding(1, 0, time: T0 + 30)); // stamped on the day before: the day does not start again
        ledger.Apply(Mark(0, P(75), time: T0 + Day + 3));
        Assert.Equal(Start - P(10), ledger.DayStartEquity);
    }

    [Fact]
    public void KellyInputs_PriorsUntilColdStartTradesThenObserved()
    {
        var ledger = NewLedger(coldStartTrades: 3);
        long id = 1;
        void RoundTrip(decimal exit)
        {
            ledger.Trade(id++, 0, Side.Buy, P(1), P(100));
            ledger.Trade(id++, 0, Side.Sell, P(1), P(exit), reduceOnly: true, purpose: OrderPurpose.TakeProfit);
        }

        RoundTrip(110);
        RoundTrip(96);
        ledger.KellyInputs(out var w, out var b);
        Assert.Equal((0.5, 1.5), (w, b));
        Assert.True(ledger.TryGetEquity(out var equity));
        Assert.Equal(Start + P(6), equity);

        RoundTrip(112);
        ledger.KellyInputs(out w, out b);
        Assert.Equal(3, ledger.ClosedTrades);
        Assert.Equal(2 / 3.0, w, 12);
        Assert.Equal(11 / 4.0, b, 12); // average win 11 ÷ average loss 4
    }

    [Fact]
    public void DuplicateFill_SameTradeId_MovesThePositionOnce()
    {
        var ledger = NewLedger();
        ledger.Register(1, Order(0, Side.Buy, P(3)));
        var first = Update(1, OrderUpdateCode.PartiallyFilled, P(100), P(1), P(1), fee: 7, tradeId: 500);
        ledger.Apply(first);
        ledger.Apply(first); // the REST answer and the user stream
        ledger.Apply(Update(1, OrderUpdateCode.PartiallyFilled, P(101), P(1), P(1), fee: 7, tradeId: 500)); // same id, other figures

        Assert.Equal(P(1), ledger.Position(0));
        Assert.Equal(7, ledger.Fees);
        Assert.Equal(2, ledger.DuplicateFills);
        Assert.Equal(1, ledger.Fills);

        ledger.Apply(Update(1, OrderUpdateCode.Filled, P(102), P(2), P(3), fee: 7, tradeId: 501));
        ledger.Apply(Update(1, OrderUpdateCode.Filled, P(102), P(2), P(3), fee: 7, tradeId: 501));
        Assert.Equal(P(3), ledger.Position(0));
        Assert.Equal(3, ledger.DuplicateFills);
        Assert.Equal(0, ledger.IllegalTransitions);
        Assert.True(ledger.TryGetOrder(1, out var order));
        Assert.Equal(OrderState.Filled, order.State);
        Assert.Equal(P(3), order.Filled);
    }

    [Fact]
    public void DuplicateFill_NoTradeId_DeduplicatedByCumulativeQuantity()
    {
        var ledger = NewLedger();
        ledger.Register(1, Order(0, Side.Sell, P(3)));
        ledger.Apply(Update(1, OrderUpdateCode.PartiallyFilled, P(100), P(1), P(1)));
        ledger.Apply(Update(1, OrderUpdateCode.PartiallyFilled, P(100), P(1), P(1)));
        ledger.Apply(Update(1, OrderUpdateCode.PartiallyFilled, P(100), P(1), P(2)));
        ledger.Apply(Update(1, OrderUpdateCode.PartiallyFilled, P(100), P(1), P(1))); // late and old: nothing new

        Assert.Equal(-P(2), ledger.Position(0));
        Assert.Equal(2, ledger.DuplicateFills);
        Assert.Equal(-P(1), ledger.OpenEntryExposure(0));
    }

    [Fact]
    public void ClosePositionOrder_FillsWhateverTheVenueClosed()
    {
        var ledger = NewLedger();
        ledger.Trade(1, 0, Side.Buy, P(2), P(100));
        ledger.Register(2, Order(0, Side.Sell, 0, OrderPurpose.ProtectiveStop, closePosition: true, stopPrice: P(97)));
        ledger.Apply(Update(2, OrderUpdateCode.Accepted));
        ledger.Apply(Update(2, OrderUpdateCode.Filled, P(96), P(2), P(2), tradeId: 9, time: T0 + 100));

        Assert.Equal(0, ledger.Position(0));
        Assert.Equal(-P(8), ledger.RealizedPnl);
        Assert.Equal(0, ledger.OpenOrders);
        Assert.Equal(T0 + 100, ledger.LastCloseTimeNs(0));
        Assert.False(ledger.TryFindOrder(0, OrderPurpose.ProtectiveStop, out _));
    }
}
