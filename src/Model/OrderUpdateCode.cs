namespace QuantumTrader.Model;

/// <summary>
/// <see cref="InputEvent.Code"/> of an <see cref="InputKind.OrderUpdate"/> event. Stable numeric values:
/// they are journaled. See <see cref="OrderUpdateLayout"/> for the meaning of the other slot fields.
/// </summary>
public enum OrderUpdateCode : ushort
{
    /// <summary>Not set.</summary>
    None = 0,

    /// <summary>The venue accepted the order (status NEW).</summary>
    Accepted = 1,

    /// <summary>A partial fill.</summary>
    PartiallyFilled = 2,

    /// <summary>The order is completely filled.</summary>
    Filled = 3,

    /// <summary>The order was cancelled.</summary>
    Canceled = 4,

    /// <summary>The order expired (IOC/FOK remainder, GTX would cross, system).</summary>
    Expired = 5,

    /// <summary>Rejected before or by the venue; <see cref="OrderUpdateLayout"/> gives the reason.</summary>
    Rejected = 6,

    /// <summary>The outcome of a request is unknown (timeout, 503 unknown, -1006/-1007); a query follows.</summary>
    UnknownOutcome = 7,

    /// <summary>An unknown outcome was resolved by querying the client order id: the order does not exist.</summary>
    ResolvedNotFound = 8,

    /// <summary>A cancel was rejected (unknown or already closed order).</summary>
    CancelRejected = 9,
}
