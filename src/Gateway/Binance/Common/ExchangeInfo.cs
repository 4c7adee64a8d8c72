using System.Text.Json;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Gateway.Binance.Common;

/// <summary>
/// The parts of <c>GET /fapi/v1/exchangeInfo</c> the gateway uses: per-symbol filters and the rate limits.
/// Parsed once at start-up (a DOM is fine here; this is not the hot path).
/// </summary>
public sealed class ExchangeInfo
{
    private readonly Dictionary<string, SymbolFilters> _symbols;

    private ExchangeInfo(Dictionary<string, SymbolFilters> symbols, int weightPerMinute, int ordersPer10s, int ordersPerMinute)
    {
        _symbols = symbols;
        RequestWeightPerMinute = weightPerMinute;
        OrdersPer10Seconds = ordersPer10s;
        OrdersPerMinute = ordersPerMinute;
    }

    /// <summary>REQUEST_WEIGHT per minute (2400 on USDⓈ-M).</summary>
    public int RequestWeightPerMinute { get; }

    /// <summary>ORDERS per 10 s (300).</summary>
    public int OrdersPer10Seconds { get; }

    /// <summary>ORDERS per minute (1200).</summary>
    public int OrdersPerMinute { get; }

    /// <summary>Symbols known.</summary>
    public int Count => _symbols.Count;

    /// <summary>The filters of <paramref name="symbol"/>.</summary>
    public bool TryGet(string symbol, out SymbolFilters filters) => _symbols.TryGetValue(symbol, out filters!);

    /// <summary>Parses an exchangeInfo body.</summary>
    /// <exception cref="FormatException">The body is not a usable exchangeInfo.</exception>
    public static ExchangeInfo Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        int weight = 2400, orders10s = 300, orders1m = 1200;
        if (root.TryGetProperty("rateLimits", out var limits))
        {
            foreach (var l in limits.EnumerateArray())
            {
                var type = l.GetProperty("rateLimitType").GetString();
                var interval = l.GetProperty("interval").GetString();
                var num = l.GetProperty("intervalNum").GetInt32();
                var limit = l.GetProperty("limit").GetInt32();
                if (type == "REQUEST_WEIGHT" && interval == "MINUTE" && num == 1)
                {
                    weight = limit;
                }
                else if (type == "ORDERS" && interval == "SECOND" && num == 10)
                {
                    orders10s = limit;
                }
                else if (type == "ORDERS" && interval == "MINUTE" && num == 1)
                {
                    orders1m = limit;
                }
            }
        }

        var symbols = new Dictionary<string, SymbolFilters>(StringComparer.Ordinal);
        if (!root.TryGetProperty("symbols", out var list))
        {
            throw new FormatException("exchangeInfo has no symbols");
        }

        foreach (var s in list.EnumerateArray())
        {
            var name = s.GetProperty("symbol").GetString() ?? throw new FormatException("symbol without name");
            long minPrice = 0, maxPrice = 0, tick = 0, minQty = 0, maxQty = 0, step = 0, mMin = 0, mMax = 0, mStep = 0, notional = 0, up = 0, down = 0;
            foreach (var f in s.GetProperty("filters").EnumerateArray())
            {
                switch (f.GetProperty("filterType").GetString())
                {
                    case "PRICE_FILTER":
                        minPrice = Fixed(f, "minPrice");
                        maxPrice = Fixed(f, "maxPrice");
                        tick = Fixed(f, "tickSize");
                        break;
                    case "LOT_SIZE":
                        minQty = Fixed(f, "minQty");
                        maxQty = Fixed(f, "maxQty");
                        step = Fixed(f, "stepSize");
                        break;
                    case "MARKET_LOT_SIZE":
                        mMin = Fixed(f, "minQty");
                        mMax = Fixed(f, "maxQty");
                        mStep = Fixed(f, "stepSize");
                        break;
                    case "MIN_NOTIONAL":
                        notional = Fixed(f, "notional");
                        break;
                    case "PERCENT_PRICE":
                        up = Fixed(f, "multiplierUp");
                        down = Fixed(f, "multiplierDown");
                        break;
                }
            }

            if (tick <= 0 || step <= 0)
            {
                throw new FormatException($"{name}: tick size and step size must be positive");
            }

            symbols[name] = new SymbolFilters
            {
                Symbol = name,
                Status = s.TryGetProperty("status", out var st) ? st.GetString() ?? string.Empty : "TRADING",
                MinPrice = minPrice,
                MaxPrice = maxPrice,
                TickSize = tick,
                MinQuantity = minQty,
                MaxQuantity = maxQty,
                StepSize = step,
                MarketMinQuantity = mMin,
                MarketMaxQuantity = mMax,
                MarketStepSize = mStep,
                MinNotional = notional,
                MultiplierUp = up,
                MultiplierDown = down,
                PricePrecision = s.TryGetProperty("pricePrecision", out var pp) ? pp.GetInt32() : 8,
                QuantityPrecision = s.TryGetProperty("quantityPrecision", out var qp) ? qp.GetInt32() : 8,
            };
        }

        return new ExchangeInfo(symbols, weight, orders10s, orders1m);
    }

    /// <summary>Builds from known filters (tests, the fake server, the simulated exchange).</summary>
    public static ExchangeInfo From(IEnumerable<SymbolFilters> symbols, int weightPerMinute = 2400, int ordersPer10s = 300, int ordersPerMinute = 1200)
    {
        var map = new Dictionary<string, SymbolFilters>(StringComparer.Ordinal);
        foreach (var s in symbols)
        {
            map[s.Symbol] = s;
        }

        return new ExchangeInfo(map, weightPerMinute, ordersPer10s, ordersPerMinute);
    }

    private static long Fixed(JsonElement e, string name)
    {
        var text = e.GetProperty(name).GetString() ?? throw new FormatException($"{name} missing");
        return DecimalCodec.TryParseFixed(text, out var raw)
            ? raw
            : throw new FormatException($"{name}: '{text}' is not a decimal with at most 8 places");
    }
}
