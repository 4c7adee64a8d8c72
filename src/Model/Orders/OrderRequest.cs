namespace QuantumTrader.Model.Orders;

/// <summary>An order the route stage asks a gateway to place. A value type: no allocation per order.</summary>
public struct OrderRequest
{
    /// <summary>Client order id (idempotency key).</summary>
    public ClientOrderId ClientOrderId;

    /// <summary>Instrument id.</summary>
    public ushort SymbolId;

    /// <summary>Side.</summary>
    public Side Side;

    /// <summary>Order type.</summary>
    public OrderType Type;

    /// <summary>Time in force (limit orders).</summary>
    public TimeInForce TimeInForce;

    /// <summary>Only reduce an existing position.</summary>
    public bool ReduceOnly;

    /// <summary>Close the whole position (conditional orders).</summary>
    public bool ClosePosition;

    /// <summary>Quantity (a multiple of the step size).</summary>
    public Quantity Quantity;

    /// <summary>Limit price (a multiple of the tick size), 0 for market orders.</summary>
    public Price Price;

    /// <summary>Stop / activation price for conditional orders, 0 otherwise.</summary>
    public Price StopPrice;

    /// <summary>Decision time (ns, from the event that caused it).</summary>
    public long DecisionTimeNs;

    /// <summary>The reference price of <see cref="SymbolId"/> the decision was made at (raw, 0 when unknown): the
    /// ingest stage's <see cref="InputEvent.ReferencePrice"/> as sizing used it. A gateway's local filter checks
    /// (MIN_NOTIONAL of market orders, PERCENT_PRICE) use this, so they are journaled with the request and replay.</summary>
    public Price ReferencePrice;

    /// <summary>Trailing stops: callback rate in basis points (Binance accepts 0.1 % to 10 % in 0.1 % steps:
    /// 10 to 1000, multiples of 10); 0 otherwise. <see cref="StopPrice"/> is the activation price (0: none).</summary>
    public ushort CallbackRateBasisPoints;

    /// <summary>For conditional orders: the price the trigger watches (last trade or mark).</summary>
    public TriggerPrice TriggerOn;

    /// <summary>Why the order exists (entry, protective stop, harvest, ...): journaled, never sent to the venue.</summary>
    public OrderPurpose Purpose;
}
