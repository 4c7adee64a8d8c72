namespace QuantumTrader.Model.Orders;

/// <summary>Time in force. Stable numeric values: journaled.</summary>
public enum TimeInForce : byte
{
    /// <summary>Not applicable (market orders).</summary>
    None = 0,

    /// <summary>Good till cancelled.</summary>
    Gtc = 1,

    /// <summary>Immediate or cancel.</summary>
    Ioc = 2,

    /// <summary>Fill or kill.</summary>
    Fok = 3,

    /// <summary>Good till crossing: post-only.</summary>
    Gtx = 4,
}
