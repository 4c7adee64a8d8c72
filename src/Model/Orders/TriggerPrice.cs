namespace QuantumTrader.Model.Orders;

/// <summary>The price a conditional order's trigger watches (Binance <c>workingType</c>).</summary>
public enum TriggerPrice : byte
{
    /// <summary>The last trade price (Binance's default, <c>CONTRACT_PRICE</c>).</summary>
    Contract = 0,

    /// <summary>The mark price (<c>MARK_PRICE</c>): what protective stops should watch, immune to a thin book's prints.</summary>
    Mark = 1,
}
