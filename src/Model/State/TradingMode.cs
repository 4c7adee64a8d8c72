namespace QuantumTrader.Model.State;

/// <summary>Trading state of a scope (global or one symbol). Stable numeric values: journaled.</summary>
public enum TradingMode : byte
{
    /// <summary>May open and reduce risk.</summary>
    Active = 0,

    /// <summary>Only risk-reducing orders.</summary>
    Reducing = 1,

    /// <summary>No orders at all.</summary>
    Halted = 2,
}
