using QuantumTrader.Model;

namespace QuantumTrader.Gateway.Simulated;

/// <summary>A fixed number of ticks against the taker, plus one more tick per <see cref="QuantityPerExtraTick"/>
/// of size beyond the quantity shown at the top (0: no size impact). Zero ticks: no slippage.</summary>
public sealed record TickSlippageModel(int Ticks = 0, long QuantityPerExtraTick = 0) : ISlippageModel
{
    /// <inheritdoc />
    public long Apply(Side side, long price, long quantity, long tickSize, in MarketSnapshot market)
    {
        long ticks = Ticks;
        var shown = side == Side.Buy ? market.AskQuantity : market.BidQuantity;
        if (QuantityPerExtraTick > 0 && quantity > shown)
        {
            ticks += (quantity - shown + QuantityPerExtraTick - 1) / QuantityPerExtraTick;
        }

        var move = ticks * tickSize;
        return side == Side.Buy ? price + move : Math.Max(tickSize, price - move);
    }
}
