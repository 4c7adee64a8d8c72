using QuantumTrader.Model;

namespace QuantumTrader.Gateway.Binance.MarketData;

/// <summary>
/// The market-data stream types <c>[binance] streams</c> accepts, the route Binance serves each on
/// (<c>/public</c>: depth, bookTicker, trade; <c>/market</c>: aggTrade, markPrice, kline), and the connection
/// plan of a live run: one combined-stream connection per route with the lower-case symbol streams of every
/// configured instrument.
/// </summary>
public static class MarketStreams
{
    private static readonly string[] Fixed =
    [
        "bookTicker", "aggTrade", "trade", "depth", "depth@0ms", "depth@100ms", "depth@250ms", "depth@500ms", "markPrice", "markPrice@1s",
    ];

    private static readonly string[] KlineIntervals = ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"];

    /// <summary>Why <paramref name="type"/> is not a stream type this engine parses, or null when it is.</summary>
    public static string? Check(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (Array.IndexOf(Fixed, type) >= 0)
        {
            return null;
        }

        if (type.StartsWith("kline_", StringComparison.Ordinal) && Array.IndexOf(KlineIntervals, type["kline_".Length..]) >= 0)
        {
            return null;
        }

        return $"\"{type}\" is not a stream type: expected one of {string.Join(", ", Fixed)} or kline_<interval> (the symbol is added per instrument)";
    }

    /// <summary>The route (<c>public</c> or <c>market</c>) Binance serves <paramref name="type"/> on.</summary>
    public static string RouteOf(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.StartsWith("depth", StringComparison.Ordinal) || type is "bookTicker" or "trade" ? "public" : "market";
    }

    /// <summary>One connection per route, in the order public, market; each lists <c>symbol@type</c> for every
    /// instrument (registry order) and every configured type (config order). Routes without streams are left out.</summary>
    public static IReadOnlyList<(string Route, IReadOnlyList<string> Streams)> Plan(IReadOnlyList<string> types, InstrumentRegistry instruments)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(instruments);
        var plan = new List<(string, IReadOnlyList<string>)>();
        foreach (var route in new[] { "public", "market" })
        {
            var streams = new List<string>();
            for (var i = 0; i < instruments.Count; i++)
            {
                var symbol = instruments[(ushort)i].Symbol.ToLowerInvariant();
                foreach (var type in types)
                {
                    if (RouteOf(type) == route)
                    {
                        streams.Add(symbol + "@" + type);
                    }
                }
            }

            if (streams.Count > 0)
            {
                plan.Add((route, streams));
            }
        }

        return plan;
    }
}
