namespace QuantumTrader.Model.Orders;

/// <summary>Order type, as the venue understands it. Stable numeric values: journaled.</summary>
public enum OrderType : byte
{
    /// <summary>Market order.</summary>
    Market = 1,

    /// <summary>Limit order.</summary>
    Limit = 2,

    /// <summary>Stop market (conditional, algo endpoint).</summary>
    StopMarket = 3,

    /// <summary>Take profit market (conditional, algo endpoint).</summary>
    TakeProfitMarket = 4,

    /// <summary>Trailing stop market (conditional, algo endpoint).</summary>
    TrailingStopMarket = 5,
}
