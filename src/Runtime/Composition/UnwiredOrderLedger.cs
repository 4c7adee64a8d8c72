using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;
using QuantumTrader.Stages.Signal;

namespace QuantumTrader.Runtime.Composition;

// Design:
//   Transitional, until the ledger (Stages.Account) is wired here: an account with no equity, no positions and no
//   orders. The gate fails closed on it (every entry blocked NoEquity, every exit ReduceOnly), so no order is sent
//   while the composition root has no ledger. Delete it when the real ledger is wired.

/// <summary>An empty account: no equity, flat, no orders (the composition root's stand-in until the ledger is wired).</summary>
internal sealed class UnwiredOrderLedger(int symbols) : IOrderLedger, IPositionView
{
    public int SymbolCount => symbols;

    public int OpenOrders => 0;

    public int UnresolvedOrders => 0;

    public int OpenPositions => 0;

    public long Wallet => 0;

    public long Equity => 0;

    public long PeakEquity => 0;

    public long DayStartEquity => 0;

    public long RealizedPnl => 0;

    public long Fees => 0;

    public long Funding => 0;

    public long MarginUsed => 0;

    public long Position(ushort symbolId) => 0;

    public long AverageEntry(ushort symbolId) => 0;

    public long PositionOpenedNs(ushort symbolId) => 0;

    public long InitialStopPrice(ushort symbolId) => 0;

    public long TakeProfitPrice(ushort symbolId) => 0;

    public long MarkPrice(ushort symbolId) => 0;

    public long UnrealizedPnl(ushort symbolId) => 0;

    public long OpenEntryExposure(ushort symbolId) => 0;

    public bool TryFindOrder(ushort symbolId, OrderPurpose purpose, out OrderView order)
    {
        order = default;
        return false;
    }

    public bool TryGetOrder(long decisionId, out OrderView order)
    {
        order = default;
        return false;
    }

    public void Register(long decisionId, in InputEvent slot)
    {
    }

    public bool IsOpen(ushort symbolId) => false;

    public long LastCloseTimeNs(ushort symbolId) => 0;
}
