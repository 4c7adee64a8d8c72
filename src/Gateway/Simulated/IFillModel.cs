using QuantumTrader.Model;

namespace QuantumTrader.Gateway.Simulated;

/// <summary>Decides how much of an order fills, and at what price, against the market the simulator sees.</summary>
public interface IFillModel
{
    /// <summary>An aggressive order (market, or a limit that crosses on arrival): the fill price and quantity
    /// (quantity 0 when nothing can fill, e.g. no book yet or the limit does not cross).</summary>
    /// <param name="side">Order side.</param>
    /// <param name="quantity">Remaining quantity.</param>
    /// <param name="limitPrice">Limit price, 0 for a market order.</param>
    /// <param name="market">The symbol's market.</param>
    /// <param name="fillQuantity">Quantity filled now.</param>
    /// <returns>The fill price before slippage.</returns>
    long Aggress(Side side, long quantity, long limitPrice, in MarketSnapshot market, out long fillQuantity);

    /// <summary>A resting limit order after a market update: the quantity that fills at its limit price now.</summary>
    long Passive(Side side, long quantity, long limitPrice, in MarketSnapshot market);
}
