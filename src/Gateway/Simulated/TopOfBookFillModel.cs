using QuantumTrader.Model;

namespace QuantumTrader.Gateway.Simulated;

/// <summary>
/// Fills aggressive orders at the opposite best price, up to the quantity shown there (or all of it when
/// <see cref="FillBeyondTopQuantity"/>); fills resting limits completely once the opposite side trades
/// through or the book crosses their price (queue position ignored: optimistic for makers).
/// </summary>
public sealed class TopOfBookFillModel : IFillModel
{
    /// <summary>Fill more than the top quantity at the top price (liquidity assumed deep).</summary>
    public bool FillBeyondTopQuantity { get; init; } = true;

    /// <inheritdoc />
    public long Aggress(Side side, long quantity, long limitPrice, in MarketSnapshot market, out long fillQuantity)
    {
        fillQuantity = 0;
        if (!market.HasBook)
        {
            return 0;
        }

        var price = side == Side.Buy ? market.AskPrice : market.BidPrice;
        var shown = side == Side.Buy ? market.AskQuantity : market.BidQuantity;
        if (limitPrice > 0 && (side == Side.Buy ? price > limitPrice : price < limitPrice))
        {
            return 0;
        }

        fillQuantity = FillBeyondTopQuantity || shown <= 0 ? quantity : Math.Min(quantity, shown);
        return price;
    }

    /// <inheritdoc />
    public long Passive(Side side, long quantity, long limitPrice, in MarketSnapshot market)
    {
        var crossed = side == Side.Buy
            ? (market.AskPrice > 0 && market.AskPrice <= limitPrice) || (market.LastTradePrice > 0 && market.LastTradePrice < limitPrice)
            : (market.BidPrice > 0 && market.BidPrice >= limitPrice) || (market.LastTradePrice > 0 && market.LastTradePrice > limitPrice);
        return crossed ? quantity : 0;
    }
}
