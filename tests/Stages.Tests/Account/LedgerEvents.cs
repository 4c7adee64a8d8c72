using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;
using QuantumTrader.Stages.Risk;

namespace QuantumTrader.Stages.Tests.Account;

/// <summary>Slots for ledger tests: orders to register, order updates, funding, mark prices.</summary>
internal static class LedgerEvents
{
    public const long Run = 77;
    public const long T0 = 1_723_075_200_000_000_000; // 2024-08-08 00:00 UTC

    public static long P(decimal whole) => (long)(whole * FixedPoint.Scale);

    public static Ledger NewLedger(int symbols = 2, int coldStartTrades = 5, int orderCapacity = 64) =>
        new(symbols, new SizingOptions { StartingEquity = 10_000, ColdStartTrades = coldStartTrades, PriorWinRate = 0.5, PriorPayoff = 1.5 }, Run, orderCapacity);

    public static InputEvent Order(ushort symbol, Side side, long quantity, OrderPurpose purpose = OrderPurpose.Entry, long stopLoss = 0, long takeProfit = 0, long leverageRaw = 0, bool reduceOnly = false, bool closePosition = false, long stopPrice = 0, long time = T0)
    {
        var e = default(InputEvent);
        e.Kind = InputKind.Timer;
        e.ExchangeTimeNs = time;
        e.SymbolId = symbol;
        e.Purpose = purpose;
        e.OrderSymbolId = symbol;
        e.OrderSide = side;
        e.OrderQuantity = new Quantity(quantity);
        e.StopLossPrice = new Price(stopLoss);
        e.TakeProfitPrice = new Price(takeProfit);
        e.OrderLeverage = new Leverage(leverageRaw);
        e.ReduceOnly = reduceOnly;
        e.ClosePosition = closePosition;
        e.OrderStopPrice = new Price(stopPrice);
        return e;
    }

    public static InputEvent Update(long decisionId, OrderUpdateCode code, long price = 0, long quantity = 0, long cumulative = 0, long fee = 0, long tradeId = 0, long run = Run, long time = T0, ushort symbol = 0, OrderRejectReason reason = OrderRejectReason.None)
    {
        var e = default(InputEvent);
        e.Kind = InputKind.OrderUpdate;
        e.Venue = Venue.Simulated;
        e.SymbolId = symbol;
        e.Code = (ushort)code;
        e.ClientOrderId = new ClientOrderId(1, decisionId, run);
        e.ExchangeTimeNs = time;
        e.ReceiveTimeNs = time;
        e.Price = new Price(price);
        e.Quantity = new Quantity(quantity);
        e.Aux0 = cumulative;
        e.Aux1 = fee;
        e.Aux2 = tradeId;
        e.Aux3 = (long)reason;
        return e;
    }

    public static InputEvent Funding(ushort symbol, long payment, long time = T0)
    {
        var e = default(InputEvent);
        e.Kind = InputKind.AccountUpdate;
        e.Code = (ushort)AccountUpdateCode.Funding;
        e.SymbolId = symbol;
        e.Aux0 = payment;
        e.ExchangeTimeNs = time;
        return e;
    }

    public static InputEvent Mark(ushort symbol, long price, long time = T0, bool valid = true)
    {
        var e = default(InputEvent);
        e.Kind = InputKind.MarkPrice;
        e.SymbolId = symbol;
        e.Price = new Price(price);
        e.ExchangeTimeNs = time;
        e.Valid = valid;
        e.RejectReason = valid ? (byte)0 : (byte)1;
        return e;
    }

    public static InputEvent Reference(ushort symbol, long price, long time = T0)
    {
        var e = default(InputEvent);
        e.Kind = InputKind.Trade;
        e.SymbolId = symbol;
        e.Price = new Price(price);
        e.ReferencePrice = new Price(price);
        e.ExchangeTimeNs = time;
        e.Valid = true;
        return e;
    }

    /// <summary>Registers a market entry/exit with <paramref name="id"/> and fills it in one fill at <paramref name="price"/>.</summary>
    public static void Trade(this Ledger ledger, long id, ushort symbol, Side side, long quantity, long price, long fee = 0, OrderPurpose purpose = OrderPurpose.Entry, long time = T0, bool reduceOnly = false)
    {
        ledger.Register(id, Order(symbol, side, quantity, purpose, reduceOnly: reduceOnly, time: time));
        ledger.Apply(Update(id, OrderUpdateCode.Filled, price, quantity, quantity, fee, tradeId: id * 1000, time: time, symbol: symbol));
    }
}
