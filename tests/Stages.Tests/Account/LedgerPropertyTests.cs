using CsCheck;
using QuantumTrader.Model;
using QuantumTrader.Stages.Account;
using Xunit;
using static QuantumTrader.Stages.Tests.Account.LedgerEvents;

namespace QuantumTrader.Stages.Tests.Account;

public sealed class LedgerPropertyTests
{
    // One fill: buy or sell, quantity in steps of 0.001, price in ticks of 0.1, whether the venue reports it twice,
    // and whether it carries a trade id (else it is deduplicated by the cumulative quantity).
    private static readonly Gen<(bool Buy, int Steps, int Ticks, bool Twice, bool TradeId)> Fill =
        Gen.Select(Gen.Bool, Gen.Int[1, 5_000], Gen.Int[1, 2_000_000], Gen.Bool, Gen.Bool);

    [Fact]
    public void AnyFills_PnlIsTheFillsMarkedToMark_PositionIsTheirSum()
    {
        Gen.Select(Fill.Array[1, 40], Gen.Int[1, 2_000_000], Gen.Int[0, 1]).Sample((fills, markTicks, markByEvent) =>
        {
            var ledger = NewLedger(orderCapacity: 8);
            long position = 0;
            long fees = 0;
            Int128 cash = 0; // Σ −(signed quantity × price): what the fills paid and received
            for (var i = 0; i < fills.Length; i++)
            {
                var (buy, steps, ticks, twice, withTradeId) = fills[i];
                var quantity = steps * (FixedPoint.Scale / 1_000);
                var price = ticks * (FixedPoint.Scale / 10);
                var signed = buy ? quantity : -quantity;
                long id = i + 1;
                ledger.Register(id, Order(0, buy ? Side.Buy : Side.Sell, quantity));
                var fee = steps * 7L; // any commission, reported with the fill
                var fill = Update(id, OrderUpdateCode.Filled, price, quantity, quantity, fee: fee, tradeId: withTradeId ? 10_000 + i : 0);
                ledger.Apply(fill);
                if (twice)
                {
                    ledger.Apply(fill);
                }

                position += signed;
                fees += fee;
                cash -= (Int128)signed * price;
            }

            var mark = markTicks * (FixedPoint.Scale / 10);
            ledger.Apply(markByEvent == 1 ? Mark(0, mark) : Reference(0, mark));

            Assert.Equal(position, ledger.Position(0));
            var exact = cash + ((Int128)position * mark);
            var unrealizedExact = ((Int128)position * mark) - ledger.CostExact(0);
            Assert.Equal(exact, ledger.RealizedExact + unrealizedExact);
            var total = (long)(exact / FixedPoint.Scale);
            Assert.InRange(ledger.RealizedPnl + ledger.UnrealizedPnl(0) - total, -1, 1);
            Assert.Equal(fees, ledger.Fees); // each once, duplicates or not
            Assert.Equal(P(10_000) + ledger.RealizedPnl - fees + ledger.UnrealizedPnl(0), ledger.Equity);
            Assert.Equal(0, ledger.OpenOrders);
            Assert.Equal(0, ledger.OpenEntryExposure(0));
            Assert.Equal(position != 0, ledger.IsOpen(0));
        });
    }

    [Fact]
    public void AnyPartialFillsInAnyOrderOfRepeats_OrderFilledNeverExceedsWhatTheVenueReported()
    {
        Gen.Select(Gen.Int[1, 20], Gen.Int[0, 5].Array[1, 30]).Sample((parts, repeats) =>
        {
            var ledger = NewLedger();
            var part = P(1);
            ledger.Register(1, Order(1, Side.Sell, parts * part));
            long cumulative = 0;
            for (var i = 0; i < parts; i++)
            {
                cumulative += part;
                var code = i == parts - 1 ? OrderUpdateCode.Filled : OrderUpdateCode.PartiallyFilled;
                var update = Update(1, code, P(100), part, cumulative, tradeId: i % 2 == 0 ? 700 + i : 0, symbol: 1);
                var times = 1 + repeats[i % repeats.Length];
                for (var r = 0; r < times; r++)
                {
                    ledger.Apply(update);
                }
            }

            Assert.Equal(-parts * part, ledger.Position(1));
            Assert.True(ledger.TryGetOrder(1, out var order));
            Assert.Equal(parts * part, order.Filled);
            Assert.Equal(Model.Orders.OrderPurpose.Entry, order.Purpose);
            Assert.Equal(0, ledger.IllegalTransitions);
        });
    }
}
