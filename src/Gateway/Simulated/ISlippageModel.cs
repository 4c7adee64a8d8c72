using QuantumTrader.Model;

namespace QuantumTrader.Gateway.Simulated;

/// <summary>Moves an aggressive fill's price against the taker.</summary>
public interface ISlippageModel
{
    /// <summary>The price actually paid (buy) or received (sell) for a fill at <paramref name="price"/>.</summary>
    long Apply(Side side, long price, long quantity, long tickSize, in MarketSnapshot market);
}
