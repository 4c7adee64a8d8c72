namespace QuantumTrader.Gateway.Binance.Http;

/// <summary>How a REST call ended, for the order-safety logic (binance-protocol.md §4.2).</summary>
public enum RestOutcome : byte
{
    /// <summary>HTTP 2xx.</summary>
    Ok = 0,

    /// <summary>A definite business rejection (4xx with a code): nothing happened.</summary>
    Rejected = 1,

    /// <summary>429 or 418: rate limited or banned; nothing happened.</summary>
    Throttled = 2,

    /// <summary>A definite failure that may be retried (503 "Service Unavailable.", -1001, -1008, connection refused).</summary>
    Unavailable = 3,

    /// <summary>The request may or may not have executed (503 "Unknown error", -1006, -1007, 408, timeout, connection lost).</summary>
    Unknown = 4,
}
