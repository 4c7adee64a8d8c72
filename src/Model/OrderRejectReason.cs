namespace QuantumTrader.Model;

/// <summary>Typed reason of a rejected order or cancel. Stable numeric values: journaled.</summary>
public enum OrderRejectReason : ushort
{
    /// <summary>No reason (not rejected).</summary>
    None = 0,

    /// <summary>The symbol id is not known to the gateway.</summary>
    UnknownSymbol = 1,

    /// <summary>Price is not a positive multiple of the tick size (PRICE_FILTER).</summary>
    PriceTick = 2,

    /// <summary>Price outside PRICE_FILTER min/max.</summary>
    PriceRange = 3,

    /// <summary>Quantity is not a multiple of the step size (LOT_SIZE).</summary>
    QuantityStep = 4,

    /// <summary>Quantity outside LOT_SIZE / MARKET_LOT_SIZE min/max.</summary>
    QuantityRange = 5,

    /// <summary>Notional below MIN_NOTIONAL.</summary>
    MinNotional = 6,

    /// <summary>Limit price outside the PERCENT_PRICE band around the mark price.</summary>
    PercentPrice = 7,

    /// <summary>Invalid combination of fields (e.g. GTX on a market order, missing price).</summary>
    InvalidRequest = 8,

    /// <summary>The local rate limit has no headroom for this request.</summary>
    RateLimited = 9,

    /// <summary>The venue is banning us (HTTP 418) or asked us to back off (HTTP 429).</summary>
    Banned = 10,

    /// <summary>The venue rejected the timestamp (-1021).</summary>
    Timestamp = 11,

    /// <summary>The venue rejected the signature or key (-1022, -2014, -2015).</summary>
    Authentication = 12,

    /// <summary>Insufficient margin or balance (-2018, -2019).</summary>
    Margin = 13,

    /// <summary>Reduce-only order rejected (-2022).</summary>
    ReduceOnly = 14,

    /// <summary>Post-only (GTX) order would have crossed (-5022).</summary>
    PostOnlyWouldCross = 15,

    /// <summary>Duplicate client order id (-4116).</summary>
    DuplicateClientOrderId = 16,

    /// <summary>Unknown order (-2011, -2013).</summary>
    UnknownOrder = 17,

    /// <summary>The venue is unavailable (503 Service Unavailable, -1001, -1008) after retries.</summary>
    VenueUnavailable = 18,

    /// <summary>Any other venue error; <see cref="InputEvent.Aux2"/> holds the venue code.</summary>
    VenueOther = 19,

    /// <summary>The gateway's request queue is full.</summary>
    QueueFull = 20,

    /// <summary>Conditional order type sent where it is not supported.</summary>
    UnsupportedType = 21,

    /// <summary>The order gateway did not accept the order (queue full, not connected): it was never sent.
    /// Reported by the route stage.</summary>
    RefusedByGateway = 22,

    /// <summary>A halt was requested after the gate approved the order: the route stage held it, never sent.</summary>
    HeldByHalt = 23,
}
