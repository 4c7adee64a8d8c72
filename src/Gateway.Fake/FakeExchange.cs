using System.Text;
using System.Text.RegularExpressions;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Gateway.Fake;

/// <summary>
/// The fake venue's business state: symbols with their filters and a static book, orders by client id,
/// one-way positions. Validates orders like Binance (same codes and messages) and fills MARKET and
/// crossing LIMIT orders against the book. Thread-safe (one lock: this is a test server).
/// </summary>
public sealed partial class FakeExchange
{
    private readonly object _gate = new();
    private readonly Dictionary<string, FakeSymbol> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Symbol, string Id), FakeOrder> _orders = new();
    private readonly Dictionary<string, long> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _leverage = new(StringComparer.Ordinal);
    private long _nextOrderId = 4_087_922_044;

    /// <summary>Creates the exchange with <paramref name="symbols"/>.</summary>
    public FakeExchange(IEnumerable<FakeSymbol> symbols)
    {
        foreach (var s in symbols)
        {
            _symbols[s.Filters.Symbol] = s;
        }
    }

    /// <summary>Symbols.</summary>
    public IReadOnlyCollection<FakeSymbol> Symbols => _symbols.Values;

    /// <summary>Orders placed so far (a copy), for assertions.</summary>
    public IReadOnlyList<FakeOrder> Orders
    {
        get
        {
            lock (_gate)
            {
                return _orders.Values.OrderBy(o => o.OrderId).ToList();
            }
        }
    }

    /// <summary>Position amount (raw, signed) of a symbol.</summary>
    public long PositionOf(string symbol)
    {
        lock (_gate)
        {
            return _positions.GetValueOrDefault(symbol);
        }
    }

    /// <summary>Looks a symbol up.</summary>
    public bool TryGetSymbol(string symbol, out FakeSymbol fake) => _symbols.TryGetValue(symbol, out fake!);

    [GeneratedRegex(@"^[\.A-Z\:/a-z0-9_-]{1,36}$")]
    private static partial Regex ClientOrderIdPattern();

    /// <summary>Places an order from request parameters; returns (HTTP status, body).</summary>
    public (int Status, string Body, FakeOrder? Order) Place(IReadOnlyDictionary<string, string> p, long nowMs, bool algo, bool record = true)
    {
        if (!p.TryGetValue("symbol", out var symbol) || !_symbols.TryGetValue(symbol, out var fs))
        {
            return Error(400, -1121, "Invalid symbol.");
        }

        var f = fs.Filters;
        var side = p.GetValueOrDefault("side") ?? string.Empty;
        var type = p.GetValueOrDefault("type") ?? string.Empty;
        if (side is not ("BUY" or "SELL"))
        {
            return Error(400, -1117, "Invalid side.");
        }

        var conditional = type is "STOP" or "STOP_MARKET" or "TAKE_PROFIT" or "TAKE_PROFIT_MARKET" or "TRAILING_STOP_MARKET";
        if (!algo && conditional)
        {
            return Error(400, -4120, "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.");
        }

        if (algo && (!conditional || p.GetValueOrDefault("algoType") != "CONDITIONAL"))
        {
            return Error(400, -1116, "Invalid orderType.");
        }

        if (!algo && type is not ("LIMIT" or "MARKET"))
        {
            return Error(400, -1116, "Invalid orderType.");
        }

        var idKey = algo ? "clientAlgoId" : "newClientOrderId";
        var clientId = p.GetValueOrDefault(idKey) ?? $"auto{Interlocked.Increment(ref _nextOrderId)}";
        if (!ClientOrderIdPattern().IsMatch(clientId))
        {
            return Error(400, -4015, "Client order id is not valid.");
        }

        var closePosition = p.GetValueOrDefault("closePosition") == "true";
        long qty = 0;
        if (!closePosition && (!p.TryGetValue("quantity", out var q) || !DecimalCodec.TryParseFixed(q, out qty)))
        {
            return Error(400, -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
        }

        long price = 0;
        if (type == "LIMIT" && (!p.TryGetValue("price", out var pr) || !DecimalCodec.TryParseFixed(pr, out price)))
        {
            return Error(400, -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
        }

        long stop = 0;
        if (algo && type == "TRAILING_STOP_MARKET")
        {
            if (!p.TryGetValue("callbackRate", out var cr) || !DecimalCodec.TryParseFixed(cr, out var rate)
                || rate < 10_000_000 || rate > 1_000_000_000 || rate % 10_000_000 != 0)
            {
                return Error(400, -1102, "Mandatory parameter 'callbackRate' was not sent, was empty/null, or malformed.");
            }

            if (p.TryGetValue("activatePrice", out var ap) && !DecimalCodec.TryParseFixed(ap, out stop))
            {
                return Error(400, -1102, "Mandatory parameter 'activatePrice' was not sent, was empty/null, or malformed.");
            }
        }
        else if (algo)
        {
            if (!p.TryGetValue("triggerPrice", out var sp) || !DecimalCodec.TryParseFixed(sp, out stop))
            {
                return Error(400, -1102, "Mandatory parameter 'triggerPrice' was not sent, was empty/null, or malformed.");
            }
        }

        var tif = p.GetValueOrDefault("timeInForce") ?? (type == "LIMIT" ? string.Empty : "GTC");
        if (type == "LIMIT" && tif is not ("GTC" or "IOC" or "FOK" or "GTX"))
        {
            return Error(400, -1115, "Invalid timeInForce.");
        }

        var reduceOnly = p.GetValueOrDefault("reduceOnly") == "true";
        foreach (var checkPrice in new[] { price, stop })
        {
            if (checkPrice == 0)
            {
                continue;
            }

            if (f.MinPrice > 0 && checkPrice < f.MinPrice)
            {
                return Error(400, -4013, "Price less than min price.");
            }

            if (f.MaxPrice > 0 && checkPrice > f.MaxPrice)
            {
                return Error(400, -4002, "Price greater than max price.");
            }

            if ((checkPrice - f.MinPrice) % f.TickSize != 0)
            {
                return Error(400, -4014, "Price not increased by tick size.");
            }
        }

        if (!closePosition)
        {
            if (qty <= 0)
            {
                return Error(400, -4003, "Quantity less than or equal to zero.");
            }

            if (qty < f.MinQuantity)
            {
                return Error(400, -4004, "Quantity less than min quantity.");
            }

            if (f.MaxQuantity > 0 && qty > f.MaxQuantity)
            {
                return Error(400, -4005, "Quantity greater than max quantity.");
            }

            if ((qty - f.MinQuantity) % f.StepSize != 0)
            {
                return Error(400, -4023, "Quantity not increased by step size.");
            }

            var reference = type == "MARKET" ? fs.MarkPrice : (price > 0 ? price : stop);
            if (!reduceOnly && f.MinNotional > 0 && SymbolFilters.Notional(reference, qty) < f.MinNotional)
            {
                return Error(400, -4164, $"Order's notional must be no smaller than {DecimalCodec.ToString(f.MinNotional)} (unless you choose reduce only).");
            }
        }

        if (type == "LIMIT" && f.MultiplierUp > 0 && side == "BUY" && (Int128)price * 100_000_000 > (Int128)fs.MarkPrice * f.MultiplierUp)
        {
            return Error(400, -4016, $"Limit price can't be higher than {DecimalCodec.ToString((long)((Int128)fs.MarkPrice * f.MultiplierUp / 100_000_000))}.");
        }

        if (type == "LIMIT" && f.MultiplierDown > 0 && side == "SELL" && (Int128)price * 100_000_000 < (Int128)fs.MarkPrice * f.MultiplierDown)
        {
            return Error(400, -4024, $"Limit price can't be lower than {DecimalCodec.ToString((long)((Int128)fs.MarkPrice * f.MultiplierDown / 100_000_000))}.");
        }

        lock (_gate)
        {
            if (_orders.TryGetValue((symbol, clientId), out var existing) && existing.Status is "NEW" or "PARTIALLY_FILLED")
            {
                return Error(400, -4116, "ClientOrderId is duplicated.");
            }

            var position = _positions.GetValueOrDefault(symbol);
            // Conditional orders check reduce-only when they trigger (ALGO_UPDATE "rm"), not when placed.
            if (!algo && reduceOnly && !closePosition && (position == 0 || (side == "BUY") == (position > 0) || qty > Math.Abs(position)))
            {
                return Error(400, -2022, "ReduceOnly Order is rejected.");
            }

            var crosses = type == "MARKET" || (side == "BUY" ? price >= fs.BestAsk : price <= fs.BestBid);
            if (type == "LIMIT" && tif == "GTX" && crosses)
            {
                return Error(400, -5022, "Due to the order could not be executed as maker, the Post Only order will be rejected.");
            }

            var order = new FakeOrder
            {
                OrderId = ++_nextOrderId,
                Symbol = symbol,
                ClientOrderId = clientId,
                Side = side,
                Type = type,
                TimeInForce = tif,
                Quantity = qty,
                Price = price,
                StopPrice = stop,
                ReduceOnly = reduceOnly,
                ClosePosition = closePosition,
                Time = nowMs,
                UpdateTime = nowMs,
                IsAlgo = algo,
            };

            if (!algo && crosses)
            {
                Fill(fs, order);
                if (order.Executed < order.Quantity)
                {
                    order.Status = type == "MARKET" || tif is "IOC" or "FOK" ? "EXPIRED" : "PARTIALLY_FILLED";
                }
            }
            else if (!algo && tif is "IOC" or "FOK")
            {
                order.Status = "EXPIRED";
            }

            if (record)
            {
                _orders[(symbol, clientId)] = order;
            }

            return (200, algo ? AlgoJson(order, fs.Filters) : OrderJson(order, fs.Filters, withTime: false), order);
        }
    }

    /// <summary>Finds an order by client id (or order id).</summary>
    public (int Status, string Body, FakeOrder? Order) Query(IReadOnlyDictionary<string, string> p, bool algo)
    {
        var order = Find(p, algo);
        if (order is null)
        {
            return Error(400, -2013, "Order does not exist.");
        }

        lock (_gate)
        {
            var f = _symbols[order.Symbol].Filters;
            return (200, algo ? AlgoJson(order, f) : OrderJson(order, f, withTime: true), order);
        }
    }

    /// <summary>Cancels an open order.</summary>
    public (int Status, string Body, FakeOrder? Order) Cancel(IReadOnlyDictionary<string, string> p, long nowMs, bool algo)
    {
        var order = Find(p, algo);
        lock (_gate)
        {
            if (order is null || order.Status is not ("NEW" or "PARTIALLY_FILLED"))
            {
                return Error(400, -2011, "Unknown order sent.");
            }

            order.Status = "CANCELED";
            order.UpdateTime = nowMs;
            var f = _symbols[order.Symbol].Filters;
            return algo
                ? (200, $"{{\"algoId\":{order.OrderId},\"clientAlgoId\":\"{order.ClientOrderId}\",\"code\":\"200\",\"msg\":\"success\"}}", order)
                : (200, OrderJson(order, f, withTime: false), order);
        }
    }

    /// <summary>Sets leverage.</summary>
    public (int Status, string Body) SetLeverage(IReadOnlyDictionary<string, string> p)
    {
        if (!p.TryGetValue("symbol", out var symbol) || !_symbols.ContainsKey(symbol))
        {
            var e = Error(400, -1121, "Invalid symbol.");
            return (e.Status, e.Body);
        }

        if (!int.TryParse(p.GetValueOrDefault("leverage"), System.Globalization.CultureInfo.InvariantCulture, out var lev) || lev is < 1 or > 125)
        {
            var e = Error(400, -4028, "Leverage is not valid");
            return (e.Status, e.Body);
        }

        lock (_gate)
        {
            _leverage[symbol] = lev;
        }

        return (200, $"{{\"leverage\":{lev},\"maxNotionalValue\":\"1000000\",\"symbol\":\"{symbol}\"}}");
    }

    /// <summary>The <c>/fapi/v3/positionRisk</c> body: only symbols with a position.</summary>
    public string PositionsJson(long nowMs)
    {
        lock (_gate)
        {
            var sb = new StringBuilder("[");
            foreach (var (symbol, amount) in _positions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (amount == 0)
                {
                    continue;
                }

                var fs = _symbols[symbol];
                if (sb.Length > 1)
                {
                    sb.Append(',');
                }

                sb.Append(CultureInfoInvariant($"{{\"symbol\":\"{symbol}\",\"positionSide\":\"BOTH\",\"positionAmt\":\"{DecimalCodec.ToString(amount, fs.Filters.QuantityPrecision)}\",\"markPrice\":\"{DecimalCodec.ToString(fs.MarkPrice)}\",\"updateTime\":{nowMs}}}"));
            }

            return sb.Append(']').ToString();
        }
    }

    internal static (int Status, string Body, FakeOrder? Order) Error(int status, int code, string msg)
        => (status, $"{{\"code\":{code},\"msg\":\"{msg}\"}}", null);

    private static string CultureInfoInvariant(FormattableString s) => FormattableString.Invariant(s);

    private FakeOrder? Find(IReadOnlyDictionary<string, string> p, bool algo)
    {
        if (!p.TryGetValue("symbol", out var symbol) && !algo)
        {
            return null;
        }

        lock (_gate)
        {
            var idKey = algo ? "clientAlgoId" : "origClientOrderId";
            if (p.TryGetValue(idKey, out var cid))
            {
                if (symbol is not null)
                {
                    return _orders.TryGetValue((symbol, cid), out var o) && o.IsAlgo == algo ? o : null;
                }

                return _orders.Values.FirstOrDefault(o => o.ClientOrderId == cid && o.IsAlgo);
            }

            if (p.TryGetValue(algo ? "algoId" : "orderId", out var oid) && long.TryParse(oid, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return _orders.Values.FirstOrDefault(o => o.OrderId == id && o.IsAlgo == algo);
            }

            return null;
        }
    }

    private void Fill(FakeSymbol fs, FakeOrder order)
    {
        var buy = order.Side == "BUY";
        var remaining = order.Quantity;
        for (var level = 0; level < fs.Levels && remaining > 0; level++)
        {
            var px = buy ? fs.BestAsk + (level * fs.Filters.TickSize) : fs.BestBid - (level * fs.Filters.TickSize);
            if (order.Type == "LIMIT" && (buy ? px > order.Price : px < order.Price))
            {
                break;
            }

            var take = Math.Min(remaining, fs.QuantityPerLevel);
            remaining -= take;
            order.Executed += take;
            order.CumQuote += SymbolFilters.Notional(px, take);
        }

        if (order.Executed == order.Quantity)
        {
            order.Status = "FILLED";
        }

        _positions[order.Symbol] = _positions.GetValueOrDefault(order.Symbol) + (buy ? order.Executed : -order.Executed);
    }

    private static string OrderJson(FakeOrder o, SymbolFilters f, bool withTime)
    {
        var pp = f.PricePrecision;
        var qp = f.QuantityPrecision;
        var time = withTime ? FormattableString.Invariant($"\"time\":{o.Time},") : string.Empty;
        return FormattableString.Invariant(
            $"{{\"orderId\":{o.OrderId},\"symbol\":\"{o.Symbol}\",\"status\":\"{o.Status}\",\"clientOrderId\":\"{o.ClientOrderId}\",\"price\":\"{DecimalCodec.ToString(o.Price, pp)}\",\"avgPrice\":\"{DecimalCodec.ToString(o.AveragePrice, pp)}\",\"origQty\":\"{DecimalCodec.ToString(o.Quantity, qp)}\",\"executedQty\":\"{DecimalCodec.ToString(o.Executed, qp)}\",\"cumQty\":\"{DecimalCodec.ToString(o.Executed, qp)}\",\"cumQuote\":\"{DecimalCodec.ToString(o.CumQuote, 5)}\",\"timeInForce\":\"{o.TimeInForce}\",\"type\":\"{o.Type}\",\"reduceOnly\":{(o.ReduceOnly ? "true" : "false")},\"closePosition\":false,\"side\":\"{o.Side}\",\"positionSide\":\"BOTH\",\"stopPrice\":\"{DecimalCodec.ToString(0, pp)}\",\"workingType\":\"CONTRACT_PRICE\",\"priceProtect\":false,\"origType\":\"{o.Type}\",\"priceMatch\":\"NONE\",\"selfTradePreventionMode\":\"NONE\",\"goodTillDate\":0,{time}\"updateTime\":{o.UpdateTime}}}");
    }

    private static string AlgoJson(FakeOrder o, SymbolFilters f)
    {
        var pp = f.PricePrecision;
        return FormattableString.Invariant(
            $"{{\"algoId\":{o.OrderId},\"clientAlgoId\":\"{o.ClientOrderId}\",\"algoType\":\"CONDITIONAL\",\"orderType\":\"{o.Type}\",\"symbol\":\"{o.Symbol}\",\"side\":\"{o.Side}\",\"positionSide\":\"BOTH\",\"timeInForce\":\"{o.TimeInForce}\",\"quantity\":\"{DecimalCodec.ToString(o.Quantity, f.QuantityPrecision)}\",\"algoStatus\":\"{o.Status}\",\"triggerPrice\":\"{DecimalCodec.ToString(o.StopPrice, pp)}\",\"price\":\"{DecimalCodec.ToString(o.Price, pp)}\",\"icebergQuantity\":null,\"selfTradePreventionMode\":\"EXPIRE_MAKER\",\"workingType\":\"CONTRACT_PRICE\",\"priceMatch\":\"NONE\",\"closePosition\":{(o.ClosePosition ? "true" : "false")},\"priceProtect\":false,\"reduceOnly\":{(o.ReduceOnly ? "true" : "false")},\"activatePrice\":\"\",\"callbackRate\":\"\",\"createTime\":{o.Time},\"updateTime\":{o.UpdateTime},\"triggerTime\":0,\"goodTillDate\":0}}");
    }
}
