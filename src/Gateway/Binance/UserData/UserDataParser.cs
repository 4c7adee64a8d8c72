using System.Text.Json;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.Ports;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Gateway.Binance.UserData;

/// <summary>
/// Parses Binance USDⓈ-M user-data events (listenKey stream) into input events: ORDER_TRADE_UPDATE and
/// ALGO_UPDATE become <see cref="InputKind.OrderUpdate"/> (same layout as REST outcomes, see
/// <see cref="OrderUpdateLayout"/>); ACCOUNT_UPDATE, MARGIN_CALL, ACCOUNT_CONFIG_UPDATE and listenKeyExpired
/// become <see cref="InputKind.AccountUpdate"/>. TRADE_LITE duplicates the fill of the ORDER_TRADE_UPDATE that
/// follows it and is only counted.
/// </summary>
/// <remarks>One instance per user-stream thread. Order events parse without allocation; account events
/// (rare: on fills and funding) use a small DOM.</remarks>
public sealed class UserDataParser
{
    private readonly InstrumentRegistry _instruments;
    private readonly IInputSink _sink;
    private readonly JsonFieldTable _top = new();
    private readonly JsonFieldTable _order = new();

    /// <summary>Creates a parser publishing to <paramref name="sink"/>.</summary>
    public UserDataParser(InstrumentRegistry instruments, IInputSink sink)
    {
        _instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
    }

    /// <summary>Events rejected (malformed, unknown symbol on an order of ours).</summary>
    public long Errors { get; private set; }

    /// <summary>TRADE_LITE events seen (not published: the ORDER_TRADE_UPDATE carries the fill).</summary>
    public long TradeLites { get; private set; }

    /// <summary>listenKeyExpired events seen.</summary>
    public long ListenKeyExpirations { get; private set; }

    /// <summary>Parses one message and publishes what it means. Returns false when it was rejected.</summary>
    public bool OnMessage(ReadOnlySpan<byte> frame, long receiveTimeNs)
    {
        _top.Reset();
        try
        {
            var reader = new Utf8JsonReader(frame);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail();
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = JsonFieldTable.KeyOf(ref reader);
                reader.Read();
                _top.Record(ref reader, key);
            }

            if (!_top.TryGetRaw(frame, 'e', JsonTokenType.String, out var type))
            {
                return Fail();
            }

            _ = _top.GetTimeNs(frame, 'E', out var eventNs);
            if (type.SequenceEqual("ORDER_TRADE_UPDATE"u8) || type.SequenceEqual("ALGO_UPDATE"u8))
            {
                return OrderEvent(frame, type[0] == (byte)'A', eventNs, receiveTimeNs);
            }

            if (type.SequenceEqual("TRADE_LITE"u8))
            {
                TradeLites++;
                return true;
            }

            if (type.SequenceEqual("listenKeyExpired"u8))
            {
                ListenKeyExpirations++;
                PublishAccount(AccountUpdateCode.ListenKeyExpired, 0, eventNs, receiveTimeNs, 0, 0, 0);
                return true;
            }

            return AccountEvent(frame, type, eventNs, receiveTimeNs);
        }
        catch (JsonException)
        {
            return Fail();
        }
    }

    private bool OrderEvent(ReadOnlySpan<byte> frame, bool algo, long eventNs, long receiveNs)
    {
        if (!_top.TryGetRaw(frame, 'o', JsonTokenType.StartObject, out var o))
        {
            return Fail();
        }

        _order.Reset();
        var reader = new Utf8JsonReader(o);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // ALGO_UPDATE uses multi-letter keys (caid, aid, aq, ap): map the ones we need onto single-letter slots.
            var key = algo ? AlgoKey(ref reader) : JsonFieldTable.KeyOf(ref reader);
            reader.Read();
            _order.Record(ref reader, key);
        }

        if (!_order.TryGetRaw(o, 's', JsonTokenType.String, out var symbol) || !_instruments.TryGet(symbol, out var instrument)
            || !_order.TryGetRaw(o, 'c', JsonTokenType.String, out var clientId) || !_order.TryGetRaw(o, 'X', JsonTokenType.String, out var status))
        {
            return Fail();
        }

        Span<char> idChars = stackalloc char[clientId.Length];
        for (var i = 0; i < clientId.Length; i++)
        {
            idChars[i] = (char)clientId[i];
        }

        // Orders that are not ours (liquidation "autoclose-…", ADL, manual) keep a default id; the core sees them as foreign.
        ClientOrderId.TryParse(idChars, out var id);
        var code = Code(status);
        var evt = default(InputEvent);
        evt.Kind = InputKind.OrderUpdate;
        evt.Venue = Venue.BinanceUsdM;
        evt.SymbolId = instrument.Id;
        evt.Code = (ushort)code;
        evt.ClientOrderId = id;
        evt.ExchangeTimeNs = eventNs;
        evt.ReceiveTimeNs = receiveNs;
        if (_order.TryGetRaw(o, 'S', JsonTokenType.String, out var side))
        {
            evt.Flags = (ushort)(side.SequenceEqual("BUY"u8) ? Side.Buy : Side.Sell);
        }

        _ = _order.GetLong(o, 'i', out evt.SourceSequence);
        if (!algo)
        {
            _ = _order.GetFixed(o, 'L', out var lastPrice);
            _ = _order.GetFixed(o, 'l', out var lastQty);
            _ = _order.GetFixed(o, 'z', out evt.Aux0);
            _ = _order.GetFixed(o, 'n', out evt.Aux1, allowNegative: true);
            _ = _order.GetBool('m', out var maker);
            evt.Price = new Price(lastPrice);
            evt.Quantity = new Quantity(lastQty);
            if (maker)
            {
                evt.Flags |= OrderUpdateLayout.MakerFlag;
            }
        }
        else
        {
            _ = _order.GetFixed(o, 'p', out var avg);
            _ = _order.GetFixed(o, 'z', out evt.Aux0);
            evt.Price = new Price(avg);
        }

        if (code == OrderUpdateCode.Rejected)
        {
            evt.Aux3 = (long)OrderRejectReason.VenueOther;
        }

        _sink.Publish(in evt);
        return true;
    }

    private static int AlgoKey(ref Utf8JsonReader reader)
    {
        var name = reader.ValueSpan;
        if (name.SequenceEqual("caid"u8))
        {
            return 'c';
        }

        if (name.SequenceEqual("aid"u8))
        {
            return 'i';
        }

        if (name.SequenceEqual("ap"u8))
        {
            return 'p';
        }

        if (name.SequenceEqual("aq"u8))
        {
            return 'z';
        }

        return name.Length == 1 && name[0] is (byte)'s' or (byte)'S' or (byte)'X' ? name[0] : -1;
    }

    private static OrderUpdateCode Code(ReadOnlySpan<byte> status)
    {
        if (status.SequenceEqual("NEW"u8) || status.SequenceEqual("TRIGGERING"u8) || status.SequenceEqual("TRIGGERED"u8))
        {
            return OrderUpdateCode.Accepted;
        }

        if (status.SequenceEqual("PARTIALLY_FILLED"u8))
        {
            return OrderUpdateCode.PartiallyFilled;
        }

        if (status.SequenceEqual("FILLED"u8) || status.SequenceEqual("FINISHED"u8))
        {
            return OrderUpdateCode.Filled;
        }

        if (status.SequenceEqual("CANCELED"u8))
        {
            return OrderUpdateCode.Canceled;
        }

        if (status.SequenceEqual("EXPIRED"u8) || status.SequenceEqual("EXPIRED_IN_MATCH"u8))
        {
            return OrderUpdateCode.Expired;
        }

        return OrderUpdateCode.Rejected;
    }

    private bool AccountEvent(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> type, long eventNs, long receiveNs)
    {
        var reader = new Utf8JsonReader(frame);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (type.SequenceEqual("ACCOUNT_UPDATE"u8))
        {
            var a = root.GetProperty("a");
            if (a.TryGetProperty("B", out var balances))
            {
                foreach (var b in balances.EnumerateArray())
                {
                    PublishAccount(AccountUpdateCode.Balance, 0, eventNs, receiveNs, 0, Fixed(b, "wb"), Fixed(b, "cw"));
                }
            }

            if (a.TryGetProperty("P", out var positions))
            {
                foreach (var p in positions.EnumerateArray())
                {
                    if (_instruments.TryGet(p.GetProperty("s").GetString() ?? string.Empty, out var instrument))
                    {
                        PublishAccount(AccountUpdateCode.Position, instrument.Id, eventNs, receiveNs, Fixed(p, "ep"), Fixed(p, "pa"), Fixed(p, "up"));
                    }
                }
            }

            return true;
        }

        if (type.SequenceEqual("MARGIN_CALL"u8))
        {
            foreach (var p in root.GetProperty("p").EnumerateArray())
            {
                if (_instruments.TryGet(p.GetProperty("s").GetString() ?? string.Empty, out var instrument))
                {
                    PublishAccount(AccountUpdateCode.MarginCall, instrument.Id, eventNs, receiveNs, Fixed(p, "mp"), Fixed(p, "pa"), Fixed(p, "mm"));
                }
            }

            return true;
        }

        if (type.SequenceEqual("ACCOUNT_CONFIG_UPDATE"u8) && root.TryGetProperty("ac", out var ac)
            && _instruments.TryGet(ac.GetProperty("s").GetString() ?? string.Empty, out var inst))
        {
            PublishAccount(AccountUpdateCode.LeverageChanged, inst.Id, eventNs, receiveNs, 0, ac.GetProperty("l").GetInt64(), 0);
        }

        return true; // other event types are not used by the core
    }

    private void PublishAccount(AccountUpdateCode code, ushort symbolId, long eventNs, long receiveNs, long price, long aux0, long aux1)
    {
        var evt = default(InputEvent);
        evt.Kind = InputKind.AccountUpdate;
        evt.Venue = Venue.BinanceUsdM;
        evt.SymbolId = symbolId;
        evt.Code = (ushort)code;
        evt.ExchangeTimeNs = eventNs;
        evt.ReceiveTimeNs = receiveNs;
        evt.Price = new Price(price);
        evt.Aux0 = aux0;
        evt.Aux1 = aux1;
        _sink.Publish(in evt);
    }

    private static long Fixed(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
           && DecimalCodec.TryParseFixed(v.GetString() ?? string.Empty, out var raw, allowNegative: true)
            ? raw
            : 0;

    private bool Fail()
    {
        Errors++;
        return false;
    }
}
