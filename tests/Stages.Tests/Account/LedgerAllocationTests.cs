using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;
using Xunit;
using static QuantumTrader.Stages.Tests.Account.LedgerEvents;

namespace QuantumTrader.Stages.Tests.Account;

public sealed class LedgerAllocationTests
{
    [Fact]
    public void LifeCycles_AfterWarmUp_AllocateNothing()
    {
        var ledger = NewLedger(orderCapacity: 16);
        var stage = new AccountStage(ledger);
        long id = 0;
        void Cycle(int i)
        {
            var entry = Order(0, Side.Buy, P(1), stopLoss: P(97), takeProfit: P(104), leverageRaw: FixedPoint.Scale);
            ledger.Register(++id, in entry);
            var e = Update(id, OrderUpdateCode.Accepted);
            stage.OnEvent(ref e, i, true);
            e = Update(id, OrderUpdateCode.Filled, P(100), P(1), P(1), fee: 4, tradeId: (id * 10) + 1);
            stage.OnEvent(ref e, i, true);
            stage.OnEvent(ref e, i, true); // a duplicate
            var stop = Order(0, Side.Sell, 0, OrderPurpose.ProtectiveStop, closePosition: true, stopPrice: P(97));
            ledger.Register(++id, in stop);
            e = Mark(0, P(101) + i, time: T0 + i);
            stage.OnEvent(ref e, i, true);
            e = Funding(0, -3);
            stage.OnEvent(ref e, i, true);
            _ = ledger.TryFindOrder(0, OrderPurpose.ProtectiveStop, out _);
            e = Update(id, OrderUpdateCode.Filled, P(99), P(1), P(1), fee: 4, tradeId: (id * 10) + 2);
            stage.OnEvent(ref e, i, true);
            _ = ledger.MarginUsed + ledger.Equity;
            ledger.KellyInputs(out _, out _);
        }

        for (var i = 0; i < 100; i++)
        {
            Cycle(i); // warm-up: every slot of the table used and reused
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 100; i < 10_100; i++)
        {
            Cycle(i);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(10_100, ledger.ClosedTrades);
        Assert.Equal(10_100, ledger.DuplicateFills);
    }
}
