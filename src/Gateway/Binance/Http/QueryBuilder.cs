using System.Buffers.Text;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Gateway.Binance.Http;

/// <summary>
/// Builds a URL-encoded query string into a reused byte buffer and signs it: the exact bytes signed are
/// the bytes sent, <c>signature</c> last. No allocation.
/// </summary>
/// <remarks>Values written here are ASCII from our own formatting (symbols, enums, decimals, ids in
/// Binance's allowed pattern), so no percent-encoding is needed; <see cref="AppendAscii"/> refuses anything else.</remarks>
public sealed class QueryBuilder
{
    private readonly byte[] _buffer;
    private int _length;

    /// <summary>Creates a builder with <paramref name="capacity"/> bytes.</summary>
    public QueryBuilder(int capacity = 1024) => _buffer = new byte[capacity];

    /// <summary>The query built so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Starts over.</summary>
    public QueryBuilder Clear()
    {
        _length = 0;
        return this;
    }

    /// <summary>Appends <c>key=value</c> for an ASCII value of URL-safe characters.</summary>
    public QueryBuilder AppendAscii(ReadOnlySpan<byte> key, ReadOnlySpan<char> value)
    {
        Key(key);
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/'))
            {
                throw new ArgumentException($"value of {System.Text.Encoding.ASCII.GetString(key)} has a character outside the URL-safe set");
            }

            Put((byte)c);
        }

        return this;
    }

    /// <summary>Appends <c>key=value</c> for raw ASCII bytes.</summary>
    public QueryBuilder AppendBytes(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Key(key);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
        return this;
    }

    /// <summary>Appends an integer parameter.</summary>
    public QueryBuilder AppendLong(ReadOnlySpan<byte> key, long value)
    {
        Key(key);
        if (!Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var n))
        {
            throw new InvalidOperationException("query buffer full");
        }

        _length += n;
        return this;
    }

    /// <summary>Appends a raw fixed-point decimal parameter (shortest exact form).</summary>
    public QueryBuilder AppendFixed(ReadOnlySpan<byte> key, long raw)
    {
        Key(key);
        if (!DecimalCodec.TryFormatFixed(raw, _buffer.AsSpan(_length), out var n))
        {
            throw new InvalidOperationException("query buffer full");
        }

        _length += n;
        return this;
    }

    /// <summary>Appends a client order id as <see cref="ClientOrderId.TryFormat"/> writes it.</summary>
    public QueryBuilder AppendClientOrderId(ReadOnlySpan<byte> key, ClientOrderId id)
    {
        Key(key);
        if (!id.TryFormat(_buffer.AsSpan(_length), out var n))
        {
            throw new InvalidOperationException("query buffer full");
        }

        _length += n;
        return this;
    }

    /// <summary>Appends <c>&amp;signature=&lt;hex&gt;</c> over everything written so far.</summary>
    public QueryBuilder Sign(HmacSha256Signer signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var payloadLength = _length;
        Key("signature"u8);
        signer.TrySign(_buffer.AsSpan(0, payloadLength), _buffer.AsSpan(_length));
        _length += HmacSha256Signer.SignatureLength;
        return this;
    }

    /// <summary>Writes the parameters of a new order (<c>POST /fapi/v1/order</c> or, for conditional types,
    /// <c>POST /fapi/v1/algoOrder</c>), without timestamp and signature.</summary>
    public QueryBuilder AppendOrder(string symbol, in OrderRequest order)
    {
        var algo = IsConditional(order.Type);
        AppendAscii("symbol"u8, symbol);
        AppendBytes("side"u8, order.Side == Side.Buy ? "BUY"u8 : "SELL"u8);
        if (algo)
        {
            AppendBytes("algoType"u8, "CONDITIONAL"u8);
        }

        AppendBytes("type"u8, order.Type switch
        {
            OrderType.Market => "MARKET"u8,
            OrderType.Limit => "LIMIT"u8,
            OrderType.StopMarket => "STOP_MARKET"u8,
            OrderType.TakeProfitMarket => "TAKE_PROFIT_MARKET"u8,
            _ => "TRAILING_STOP_MARKET"u8,
        });
        if (order.TimeInForce != TimeInForce.None)
        {
            AppendBytes("timeInForce"u8, order.TimeInForce switch
            {
                TimeInForce.Gtc => "GTC"u8,
                TimeInForce.Ioc => "IOC"u8,
                TimeInForce.Fok => "FOK"u8,
                _ => "GTX"u8,
            });
        }

        if (order.ClosePosition)
        {
            AppendBytes("closePosition"u8, "true"u8);
        }
        else
        {
            AppendFixed("quantity"u8, order.Quantity.Raw);
        }

        if (order.Type == OrderType.Limit)
        {
            AppendFixed("price"u8, order.Price.Raw);
        }

        if (algo)
        {
            if (order.Type != OrderType.TrailingStopMarket)
            {
                AppendFixed("triggerPrice"u8, order.StopPrice.Raw);
            }
            else
            {
                if (order.StopPrice.Raw > 0)
                {
                    AppendFixed("activatePrice"u8, order.StopPrice.Raw);
                }

                // Percent with one decimal: 10 bps → 0.1.
                AppendFixed("callbackRate"u8, order.CallbackRateBasisPoints * (FixedPoint.Scale / 100));
            }

            if (order.TriggerOn == TriggerPrice.Mark)
            {
                AppendBytes("workingType"u8, "MARK_PRICE"u8);
            }
        }

        if (order.ReduceOnly)
        {
            AppendBytes("reduceOnly"u8, "true"u8);
        }

        AppendClientOrderId(algo ? "clientAlgoId"u8 : "newClientOrderId"u8, order.ClientOrderId);
        if (!algo)
        {
            AppendBytes("newOrderRespType"u8, "RESULT"u8);
        }

        return this;
    }

    /// <summary>True for the types that go through the algo endpoint since 2025-12-09.</summary>
    public static bool IsConditional(OrderType type) => type is OrderType.StopMarket or OrderType.TakeProfitMarket or OrderType.TrailingStopMarket;

    private void Key(ReadOnlySpan<byte> key)
    {
        if (_length > 0)
        {
            Put((byte)'&');
        }

        key.CopyTo(_buffer.AsSpan(_length));
        _length += key.Length;
        Put((byte)'=');
    }

    private void Put(byte b) => _buffer[_length++] = b;
}
