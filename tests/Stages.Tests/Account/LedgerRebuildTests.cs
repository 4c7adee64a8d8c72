using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;
using QuantumTrader.Stages.Ingest;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Stages.Tests.Journaling;
using Xunit;
using static QuantumTrader.Stages.Tests.Account.LedgerEvents;

namespace QuantumTrader.Stages.Tests.Account;

public sealed class LedgerRebuildTests
{
    private const long Day = 86_400_000_000_000;
    private static readonly SizingOptions Sizing = new() { StartingEquity = 10_000, ColdStartTrades = 1 };
    private static readonly IngestOptions Ingest = new() { ReferencePrice = ReferencePriceRule.Last };

    [Fact]
    public void FromJournal_AfterALifeCycle_GivesTheLiveLedgersNumbers()
    {
        using var dir = new JournalTestDirectory();
        var live = new Ledger(2, Sizing, Run);
        var normalize = new IngestStage(2, Ingest);
        var account = new AccountStage(live);
        long sequence = 0;
        long time = T0;
        using (var writer = dir.OpenWriter())
        {
            var journal = new JournalStage(writer, 1, run: Run);
            journal.OnStart();

            // One slot through ingest → account → (the gate's registration) → journal, as on the logic and io threads.
            void Slot(InputEvent e, long decisionId = 0)
            {
                e.ExchangeTimeNs = time += 1_000_000;
                normalize.OnEvent(ref e, sequence, true);
                account.OnEvent(ref e, sequence, true);
                if (decisionId != 0)
                {
                    e.Approved = true;
                    e.DecisionId = decisionId;
                    live.Register(decisionId, in e);
                }

                journal.OnEvent(ref e, sequence++, true);
            }

            Slot(Trade(0, P(60_000)));
            Slot(Trade(1, P(3_000)));
            Slot(Entry(0, Side.Buy, P(0.02m), stop: P(58_500), takeProfit: P(62_250), leverage: 5), decisionId: 101);
            Slot(Update(101, OrderUpdateCode.Accepted));
            Slot(Update(101, OrderUpdateCode.PartiallyFilled, P(60_010), P(0.01m), P(0.01m), fee: P(0.24m), tradeId: 9001));
            Slot(Update(101, OrderUpdateCode.PartiallyFilled, P(60_010), P(0.01m), P(0.01m), fee: P(0.24m), tradeId: 9001)); // duplicate
            Slot(Update(101, OrderUpdateCode.Filled, P(60_020), P(0.01m), P(0.02m), fee: P(0.24m), tradeId: 9002));
            Slot(Exit(0, Side.Sell, 0, OrderPurpose.ProtectiveStop, closePosition: true, stopPrice: P(58_500)), decisionId: 102);
            Slot(Update(102, OrderUpdateCode.Accepted));
            Slot(Trade(0, P(61_000)));
            Slot(Trade(0, P(90_000))); // out of band: ingest rejects it in both, the mark stays
            Slot(Funding(0, -P(0.12m)));
            Slot(Exit(0, Side.Sell, P(0.005m), OrderPurpose.Harvest, reduceOnly: true), decisionId: 103);
            Slot(Update(103, OrderUpdateCode.Filled, P(61_000), P(0.005m), P(0.005m), fee: P(0.12m)));
            Slot(Entry(1, Side.Sell, P(1), stop: P(3_090), takeProfit: P(2_865), leverage: 3), decisionId: 104);
            Slot(Update(104, OrderUpdateCode.UnknownOutcome));
            Slot(Update(104, OrderUpdateCode.Filled, P(2_999), P(1), P(1), fee: P(1.2m), tradeId: 77));
            Slot(Mark(1, P(2_950)));
            Slot(Update(555, OrderUpdateCode.Filled, P(1), P(1), P(1), run: Run + 1)); // another run's order: ignored
            time += Day;
            Slot(Trade(0, P(58_400)));
            Slot(Update(102, OrderUpdateCode.Filled, P(58_450), P(0.015m), P(0.015m), fee: P(0.35m), tradeId: 9100));
            Slot(Trade(0, P(58_600)));
            Slot(Entry(0, Side.Buy, P(0.01m), stop: P(57_000), takeProfit: P(60_000), leverage: 4), decisionId: 105);
        }

        var rebuilt = LedgerRebuild.FromJournal(dir.Directory, 2, Sizing, Ingest, Run, out var corruption);

        Assert.Null(corruption);
        Assert.Equal(1, live.ClosedBy(OrderPurpose.ProtectiveStop)); // the scenario traded: symbol 0's round trip hit its stop
        Assert.True(live.MaxDrawdown > 0);
        Assert.Equal(-P(1), live.Position(1));
        Assert.Equal(1, live.DuplicateFills);
        Assert.Equal(1, live.ForeignOrderUpdates);
        Assert.Equal(Figures(live), Figures(rebuilt));
        for (long id = 101; id <= 105; id++)
        {
            Assert.True(live.TryGetOrder(id, out var a));
            Assert.True(rebuilt.TryGetOrder(id, out var b));
            Assert.Equal(a, b);
        }
    }

    private static long[] Figures(Ledger l)
    {
        var list = new List<long>
        {
            l.Wallet, l.Equity, l.PeakEquity, l.DayStartEquity, l.RealizedPnl, l.Fees, l.Funding, l.MarginUsed,
            l.OpenOrders, l.UnresolvedOrders, l.OpenPositions, l.ClosedTrades, l.Wins, l.Losses, l.GrossWins, l.GrossLosses,
            l.Fills, l.DuplicateFills, l.IllegalTransitions, l.ForeignOrderUpdates, l.UnknownOrderUpdates, l.MaxDrawdown,
            l.ClosedBy(OrderPurpose.ProtectiveStop), l.ClosedBy(OrderPurpose.Harvest),
        };
        for (ushort s = 0; s < l.SymbolCount; s++)
        {
            list.AddRange([l.Position(s), l.AverageEntry(s), l.PositionOpenedNs(s), l.InitialStopPrice(s), l.TakeProfitPrice(s),
                l.MarkPrice(s), l.UnrealizedPnl(s), l.OpenEntryExposure(s), l.LastCloseTimeNs(s), l.PositionLeverage(s)]);
        }

        return list.ToArray();
    }

    private static InputEvent Trade(ushort symbol, long price)
    {
        var e = default(InputEvent);
        e.Kind = InputKind.Trade;
        e.SymbolId = symbol;
        e.Price = new Price(price);
        e.Quantity = new Quantity(P(0.001m));
        return e;
    }

    // A slot on which sizing sized an entry (its sizing record carries the stop, take-profit and leverage).
    private static InputEvent Entry(ushort symbol, Side side, long quantity, long stop, long takeProfit, int leverage)
    {
        var e = Order(symbol, side, quantity, OrderPurpose.Entry, stop, takeProfit, leverage * FixedPoint.Scale);
        e.SymbolId = symbol;
        e.SignalSide = side;
        e.SignalSymbolId = symbol;
        e.Confidence = 0.8f;
        return e;
    }

    private static InputEvent Exit(ushort symbol, Side side, long quantity, OrderPurpose purpose, bool reduceOnly = false, bool closePosition = false, long stopPrice = 0)
    {
        var e = Order(symbol, side, quantity, purpose, reduceOnly: reduceOnly, closePosition: closePosition, stopPrice: stopPrice);
        e.OrderType = closePosition ? OrderType.StopMarket : OrderType.Market;
        return e;
    }
}
