namespace QuantumTrader.Model;

/// <summary>Order or trade side; <see cref="None"/> where no side applies (HOLD).</summary>
public enum Side : byte
{
    /// <summary>No side.</summary>
    None = 0,

    /// <summary>Buy (long).</summary>
    Buy = 1,

    /// <summary>Sell (short).</summary>
    Sell = 2,
}
