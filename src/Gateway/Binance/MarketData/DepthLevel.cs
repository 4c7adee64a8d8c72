namespace QuantumTrader.Gateway.Binance.MarketData;

/// <summary>One price level of a depth message: raw fixed-point price and absolute quantity (0 removes the level).</summary>
/// <param name="Price">Raw fixed-point price.</param>
/// <param name="Quantity">Raw fixed-point quantity; 0 means remove.</param>
public readonly record struct DepthLevel(long Price, long Quantity);
