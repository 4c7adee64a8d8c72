using QuantumTrader.Model;
using QuantumTrader.Model.Orders;

namespace QuantumTrader.Gateway.Binance.Common;

/// <summary>
/// One symbol's exchangeInfo trading rules in raw fixed point (10^-8), applied locally before an order is
/// sent: an order that breaks one is rejected with a typed reason and never reaches the venue.
/// </summary>
/// <remarks>A zero min/max disables that bound, as on Binance. Immutable; safe to share between threads.</remarks>
public sealed record SymbolFilters
{
    /// <summary>Symbol, upper case.</summary>
    public required string Symbol { get; init; }

    /// <summary>Trading status (<c>TRADING</c> when open).</summary>
    public string Status { get; init; } = "TRADING";

    /// <summary>PRICE_FILTER minPrice.</summary>
    public long MinPrice { get; init; }

    /// <summary>PRICE_FILTER maxPrice.</summary>
    public long MaxPrice { get; init; }

    /// <summary>PRICE_FILTER tickSize.</summary>
    public required long TickSize { get; init; }

    /// <summary>LOT_SIZE minQty.</summary>
    public long MinQuantity { get; init; }

    /// <summary>LOT_SIZE maxQty.</summary>
    public long MaxQuantity { get; init; }

    /// <summary>LOT_SIZE stepSize.</summary>
    public required long StepSize { get; init; }

    /// <summary>MARKET_LOT_SIZE minQty (0: same as LOT_SIZE).</summary>
    public long MarketMinQuantity { get; init; }

    /// <summary>MARKET_LOT_SIZE maxQty (0: same as LOT_SIZE).</summary>
    public long MarketMaxQuantity { get; init; }

    /// <summary>MARKET_LOT_SIZE stepSize (0: same as LOT_SIZE).</summary>
    public long MarketStepSize { get; init; }

    /// <summary>MIN_NOTIONAL notional (quote units, raw).</summary>
    public long MinNotional { get; init; }

    /// <summary>PERCENT_PRICE multiplierUp (raw, e.g. 1.15 → 115000000), 0 disables.</summary>
    public long MultiplierUp { get; init; }

    /// <summary>PERCENT_PRICE multiplierDown (raw), 0 disables.</summary>
    public long MultiplierDown { get; init; }

    /// <summary>Decimals Binance uses to format prices of this symbol in responses.</summary>
    public int PricePrecision { get; init; } = 8;

    /// <summary>Decimals Binance uses to format quantities of this symbol in responses.</summary>
    public int QuantityPrecision { get; init; } = 8;

    /// <summary>
    /// Checks an order against every filter. <paramref name="markPrice"/> (raw, 0 when unknown) prices the
    /// notional of market orders and bounds PERCENT_PRICE; with no mark price a market order's notional
    /// cannot be checked and is rejected (fail closed) unless it is reduce-only.
    /// </summary>
    public OrderRejectReason Validate(in OrderRequest order, long markPrice)
    {
        if (order.Quantity.Raw <= 0 && !order.ClosePosition)
        {
            return OrderRejectReason.QuantityRange;
        }

        if (order.Side is not (Side.Buy or Side.Sell))
        {
            return OrderRejectReason.InvalidRequest;
        }

        var isMarket = order.Type == OrderType.Market;
        switch (order.Type)
        {
            case OrderType.Market:
                if (order.Price.Raw != 0 || order.TimeInForce is not TimeInForce.None)
                {
                    return OrderRejectReason.InvalidRequest;
                }

                break;
            case OrderType.Limit:
                if (order.TimeInForce == TimeInForce.None)
                {
                    return OrderRejectReason.InvalidRequest;
                }

                var priceCheck = CheckPrice(order.Price.Raw);
                if (priceCheck != OrderRejectReason.None)
                {
                    return priceCheck;
                }

                break;
            case OrderType.TrailingStopMarket:
                if (order.CallbackRateBasisPoints is < 10 or > 1000 || order.CallbackRateBasisPoints % 10 != 0 || order.ClosePosition)
                {
                    return OrderRejectReason.InvalidRequest;
                }

                if (order.StopPrice.Raw != 0 && CheckPrice(order.StopPrice.Raw) is var activation && activation != OrderRejectReason.None)
                {
                    return activation;
                }

                break;
            case OrderType.StopMarket:
            case OrderType.TakeProfitMarket:
                var stopCheck = CheckPrice(order.StopPrice.Raw);
                if (stopCheck != OrderRejectReason.None)
                {
                    return stopCheck;
                }

                if (order.ClosePosition)
                {
                    return order.Quantity.Raw == 0 && !order.ReduceOnly ? OrderRejectReason.None : OrderRejectReason.InvalidRequest;
                }

                break;
            default:
                return OrderRejectReason.InvalidRequest;
        }

        var step = isMarket && MarketStepSize > 0 ? MarketStepSize : StepSize;
        var minQty = isMarket && MarketMinQuantity > 0 ? MarketMinQuantity : MinQuantity;
        var maxQty = isMarket && MarketMaxQuantity > 0 ? MarketMaxQuantity : MaxQuantity;
        var qty = order.Quantity.Raw;
        if (qty < minQty || (maxQty > 0 && qty > maxQty))
        {
            return OrderRejectReason.QuantityRange;
        }

        if (step > 0 && (qty - minQty) % step != 0)
        {
            return OrderRejectReason.QuantityStep;
        }

        var reference = isMarket || order.Type == OrderType.TrailingStopMarket
            ? (order.Type == OrderType.TrailingStopMarket && order.StopPrice.Raw > 0 ? order.StopPrice.Raw : markPrice)
            : (order.Type == OrderType.Limit ? order.Price.Raw : order.StopPrice.Raw);
        if (!order.ReduceOnly && MinNotional > 0)
        {
            if (reference <= 0)
            {
                return OrderRejectReason.MinNotional;
            }

            if (Notional(reference, qty) < MinNotional)
            {
                return OrderRejectReason.MinNotional;
            }
        }

        if (order.Type == OrderType.Limit && markPrice > 0)
        {
            if (order.Side == Side.Buy && MultiplierUp > 0 && (Int128)order.Price.Raw * FixedPoint.Scale > (Int128)markPrice * MultiplierUp)
            {
                return OrderRejectReason.PercentPrice;
            }

            if (order.Side == Side.Sell && MultiplierDown > 0 && (Int128)order.Price.Raw * FixedPoint.Scale < (Int128)markPrice * MultiplierDown)
            {
                return OrderRejectReason.PercentPrice;
            }
        }

        return OrderRejectReason.None;
    }

    /// <summary>price × quantity in raw quote units (exact, no overflow).</summary>
    public static long Notional(long price, long quantity) => (long)((Int128)price * quantity / FixedPoint.Scale);

    private OrderRejectReason CheckPrice(long price)
    {
        if (price <= 0)
        {
            return OrderRejectReason.PriceRange;
        }

        if ((MinPrice > 0 && price < MinPrice) || (MaxPrice > 0 && price > MaxPrice))
        {
            return OrderRejectReason.PriceRange;
        }

        return TickSize > 0 && (price - MinPrice) % TickSize != 0 ? OrderRejectReason.PriceTick : OrderRejectReason.None;
    }
}
