using System.Runtime.CompilerServices;
using System.Text.Json;
using QuantumTrader.Model.Text;
using QuantumTrader.Model;

namespace QuantumTrader.Gateway.Binance.MarketData;

/// <summary>
/// Parses Binance USDⓈ-M market-data frames (combined <c>{"stream":…,"data":{…}}</c> or raw events, and REST
/// depth snapshots) straight into an <see cref="InputEvent"/> slot or into pre-allocated depth-level buffers,
/// with <see cref="Utf8JsonReader"/>: no allocation per frame after warm-up, unknown fields ignored, field
/// order and whitespace free.
/// </summary>
/// <remarks>
/// Not thread-safe: one parser per I/O thread. Every rejected frame is counted by <see cref="FrameError"/>;
/// a malformed frame never throws out of <see cref="Parse"/>. The depth spans (<see cref="Bids"/>,
/// <see cref="Asks"/>) are valid until the next call.
/// </remarks>
public sealed class BinanceMarketParser
{
    private const int KeyE = 'e';
    private const int KeyEventTime = 'E';
    private const int KeyTradeTime = 'T';
    private const int KeySymbol = 's';
    private const int KeyTradeId = 't';
    private const int KeyPrice = 'p';
    private const int KeyQuantity = 'q';
    private const int KeyMaker = 'm';
    private const int KeyExecType = 'X';

    private readonly InstrumentRegistry _instruments;
    private readonly bool _registerUnknownSymbols;
    private readonly int _maxLevels;
    private readonly JsonFieldTable _fields = new();
    private readonly JsonFieldTable _kline = new();
    private readonly long[] _kindCounts = new long[16];
    private readonly long[] _errorCounts = new long[16];
    private DepthLevel[] _bids;
    private DepthLevel[] _asks;
    private DepthHeader _depth;

    /// <summary>Creates a parser resolving symbols through <paramref name="instruments"/>.</summary>
    /// <param name="instruments">Known instruments; frames for other symbols are rejected (<see cref="FrameError.UnknownSymbol"/>).</param>
    /// <param name="registerUnknownSymbols">Inspection tools only: register unknown symbols on first sight
    /// (one allocation per new symbol) instead of rejecting them.</param>
    /// <param name="maxLevels">Maximum levels per side in one message (snapshots hold up to 1000).</param>
    public BinanceMarketParser(InstrumentRegistry instruments, bool registerUnknownSymbols = false, int maxLevels = 5000)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLevels, 1);
        _instruments = instruments;
        _registerUnknownSymbols = registerUnknownSymbols;
        _maxLevels = maxLevels;
        _bids = new DepthLevel[Math.Min(1024, maxLevels)];
        _asks = new DepthLevel[Math.Min(1024, maxLevels)];
    }

    /// <summary>The error of the last <see cref="Parse"/> (None when it succeeded).</summary>
    public FrameError LastError { get; private set; }

    /// <summary>Venue error code of the last frame when it was an error payload.</summary>
    public long LastVenueErrorCode { get; private set; }

    /// <summary>The request id of the last <see cref="FrameKind.ControlResponse"/>.</summary>
    public long LastControlId { get; private set; }

    /// <summary>Header of the last depth update or snapshot.</summary>
    public ref readonly DepthHeader Depth => ref _depth;

    /// <summary>Bid levels of the last depth message.</summary>
    public ReadOnlySpan<DepthLevel> Bids => _bids.AsSpan(0, _depth.BidCount);

    /// <summary>Ask levels of the last depth message.</summary>
    public ReadOnlySpan<DepthLevel> Asks => _asks.AsSpan(0, _depth.AskCount);

    /// <summary>Frames parsed successfully, by kind.</summary>
    public long CountOf(FrameKind kind) => _kindCounts[(int)kind];

    /// <summary>Frames rejected, by reason.</summary>
    public long ErrorsOf(FrameError error) => _errorCounts[(int)error];

    /// <summary>All rejected frames.</summary>
    public long TotalErrors
    {
        get
        {
            long sum = 0;
            for (var i = 1; i < _errorCounts.Length; i++)
            {
                sum += _errorCounts[i];
            }

            return sum;
        }
    }

    /// <summary>
    /// Parses one frame. Market events fill the input section of <paramref name="evt"/> (all of it: the slot
    /// is reused); depth messages fill <see cref="Depth"/>, <see cref="Bids"/> and <see cref="Asks"/>.
    /// </summary>
    /// <param name="frame">The UTF-8 JSON text of one message.</param>
    /// <param name="receiveTimeNs">Local receive time to stamp on the event.</param>
    /// <param name="evt">The slot to fill.</param>
    /// <returns>The kind found, or <see cref="FrameKind.Invalid"/> with <see cref="LastError"/> set.</returns>
    public FrameKind Parse(ReadOnlySpan<byte> frame, long receiveTimeNs, ref InputEvent evt)
    {
        _fields.Reset();
        _depth = default;
        LastError = FrameError.None;
        try
        {
            var reader = new Utf8JsonReader(frame, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(FrameError.MalformedJson);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = JsonFieldTable.KeyOf(ref reader);
                reader.Read();
                if (key == JsonFieldTable.KeyData && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var inner = JsonFieldTable.KeyOf(ref reader);
                        reader.Read();
                        _fields.Record(ref reader, inner);
                    }
                }
                else
                {
                    _fields.Record(ref reader, key);
                }
            }

            // Anything after the closing brace but whitespace makes Read throw or return a token.
            if (reader.Read())
            {
                return Fail(FrameError.MalformedJson);
            }

            return Dispatch(frame, receiveTimeNs, ref evt);
        }
        catch (JsonException)
        {
            // Utf8JsonReader reports malformed input only by throwing; this is the rare reject path.
            return Fail(FrameError.MalformedJson);
        }
    }

    private FrameKind Dispatch(ReadOnlySpan<byte> frame, long receiveTimeNs, ref InputEvent evt)
    {
        if (!_fields.TryGetRaw(frame, KeyE, JsonTokenType.String, out var type))
        {
            if (_fields.Has(JsonFieldTable.KeyLastUpdateId))
            {
                return ParseSnapshot(frame, receiveTimeNs);
            }

            if (_fields.Has(JsonFieldTable.KeyCode))
            {
                LastVenueErrorCode = _fields.GetLong(frame, JsonFieldTable.KeyCode, out var code) == FrameError.None ? code : 0;
                return Fail(FrameError.VenueError);
            }

            if (_fields.Has(JsonFieldTable.KeyId) && _fields.Has(JsonFieldTable.KeyResult))
            {
                LastControlId = _fields.GetLong(frame, JsonFieldTable.KeyId, out var id) == FrameError.None ? id : -1;
                return Succeed(FrameKind.ControlResponse);
            }

            return Fail(FrameError.MissingField);
        }

        evt = default;
        evt.Venue = Venue.BinanceUsdM;
        evt.ReceiveTimeNs = receiveTimeNs;
        if (type.SequenceEqual("depthUpdate"u8))
        {
            return ParseDepthUpdate(frame, receiveTimeNs);
        }

        if (type.SequenceEqual("bookTicker"u8))
        {
            return ParseBookTicker(frame, ref evt);
        }

        if (type.SequenceEqual("trade"u8))
        {
            return ParseTrade(frame, ref evt);
        }

        if (type.SequenceEqual("aggTrade"u8))
        {
            return ParseAggTrade(frame, ref evt);
        }

        if (type.SequenceEqual("kline"u8))
        {
            return ParseKline(frame, ref evt);
        }

        if (type.SequenceEqual("markPriceUpdate"u8))
        {
            return ParseMarkPrice(frame, ref evt);
        }

        evt = default;
        return Succeed(FrameKind.Ignored);
    }

    private FrameKind ParseTrade(ReadOnlySpan<byte> frame, ref InputEvent evt)
    {
        evt.Kind = InputKind.Trade;
        FrameError e;
        if ((e = Symbol(frame, ref evt)) != FrameError.None
            || (e = _fields.GetTimeNs(frame, KeyEventTime, out evt.ExchangeTimeNs)) != FrameError.None
            || (e = _fields.GetTimeNs(frame, KeyTradeTime, out evt.Aux0)) != FrameError.None
            || (e = _fields.GetLong(frame, KeyTradeId, out evt.SourceSequence)) != FrameError.None
            || (e = PriceQuantity(frame, ref evt)) != FrameError.None
            || (e = _fields.GetBool(KeyMaker, out var maker)) != FrameError.None)
        {
            return Fail(e);
        }

        evt.Flags = maker ? MarketFlags.BuyerIsMaker : (ushort)0;
        if (_fields.TryGetRaw(frame, KeyExecType, JsonTokenType.String, out var x) && !x.SequenceEqual("MARKET"u8))
        {
            evt.Flags |= MarketFlags.NonMarketTrade;
        }

        return Succeed(FrameKind.Trade);
    }

    private FrameKind ParseAggTrade(ReadOnlySpan<byte> frame, ref InputEvent evt)
    {
        evt.Kind = InputKind.AggTrade;
        FrameError e;
        if ((e = Symbol(frame, ref evt)) != FrameError.None
            || (e = _fields.GetTimeNs(frame, KeyEventTime, out evt.ExchangeTimeNs)) != FrameError.None
            || (e = _fields.GetTimeNs(frame, KeyTradeTime, out evt.Aux0)) != FrameError.None
            || (e = _fields.GetLong(frame, 'a', out evt.SourceSequence)) != FrameError.None
            || (e = _fields.GetLong(frame, 'f', out evt.Aux1)) != FrameError.None
            || (e = _fields.GetLong(frame, 'l', out evt.Aux2)) != FrameError.None
            || (e = PriceQuantity(frame, ref evt)) != FrameError.None
            || (e = _fields.GetBool(KeyMaker, out var maker)) != FrameError.None)
        {
            return Fail(e);
        }

        if (evt.Aux2 < evt.Aux1)
        {
            return Fail(FrameError.Inconsistent);
        }

        evt.Flags = maker ? MarketFlags.BuyerIsMaker : (ushort)0;
        return Succeed(FrameKind.AggTrade);
    }

    private FrameKind ParseBookTicker(ReadOnlySpan<byte> frame, ref InputEvent evt)
    {
        evt.Kind = InputKind.BookTicker;
        FrameError e;
        if ((e = Symbol(frame, ref evt)) != FrameError.None
            || (e = _fields.GetTimeNs(frame, KeyEventTime, out evt.ExchangeTimeNs)) != FrameError.None
            || (e = _fields.GetTimeNs(frame, KeyTradeTime, out evt.Aux0)) != FrameError.None
            || (e = _fields.GetLong(frame, 'u', out evt.SourceSequence)) != FrameError.None
            || (e = _fields.GetFixed(frame, 'b', out var bid)) != FrameError.None
            || (e = _fields.GetFixed(frame, 'B', out var bidQty)) != FrameError.None
            || (e = _fields.GetFixed(frame, 'a', out var ask)) != FrameError.None
            || (e = _fields.GetFixed(frame, 'A', out var askQty)) != FrameError.None)
        {
            return Fail(e);
        }

        if (bid <= 0 || ask <= 0)
        {
            return Fail(FrameError.NonPositive);
        }

        if (bid >= ask)
        {
            return Fail(FrameError.Inconsistent);
        }

        evt.BidPrice = new Price(bid);
        evt.BidQuantity = new Quantity(bidQty);
        evt.AskPrice = new Price(ask);
        evt.AskQuantity = new Quantity(askQty);
        return Succeed(FrameKind.BookTicker);
    }

    private FrameKind ParseMarkPrice(ReadOnlySpan<byte> frame, ref InputEvent evt)
    {
        evt.Kind = InputKind.MarkPrice;
        FrameError e;
        if ((e = Symbol(frame, ref evt)) != FrameError.None
            || (e = _fields.GetTimeNs(frame, KeyEventTime, out evt.ExchangeTimeNs)) != FrameError.None
            || (e = _fields.GetFixed(frame, KeyPrice, out var mark)) != FrameError.None
            || (e = _fields.GetFixed(frame, 'r', out evt.Aux0, allowNegative: true)) != FrameError.None
            || (e = _fields.GetTimeNs(frame, KeyTradeTime, out evt.Aux2)) != FrameError.None)
        {
            return Fail(e);
        }

        if (mark <= 0)
        {
            return Fail(FrameError.NonPositive);
        }

        // Index and settle prices are informative; absent or empty on some symbols.
        _ = _fields.GetFixed(frame, 'i', out evt.Aux1);
        _ = _fields.GetFixed(frame, 'P', out evt.Aux3);
        evt.Price = new Price(mark);
        return Succeed(FrameKind.MarkPrice);
    }

    private FrameKind ParseKline(ReadOnlySpan<byte> frame, ref InputEvent evt)
    {
        evt.Kind = InputKind.Kline;
        FrameError e;
        if ((e = Symbol(frame, ref evt)) != FrameError.None
            || (e = _fields.GetTimeNs(frame, KeyEventTime, out evt.ExchangeTimeNs)) != FrameError.None)
        {
            return Fail(e);
        }

        if (!_fields.TryGetRaw(frame, 'k', JsonTokenType.StartObject, out var k))
        {
            return Fail(FrameError.MissingField);
        }

        _kline.Reset();
        var reader = new Utf8JsonReader(k);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = JsonFieldTable.KeyOf(ref reader);
            reader.Read();
            _kline.Record(ref reader, key);
        }

        if ((e = _kline.GetTimeNs(k, 't', out evt.Aux3)) != FrameError.None
            || (e = _kline.GetFixed(k, 'o', out evt.Aux0)) != FrameError.None
            || (e = _kline.GetFixed(k, 'h', out evt.Aux1)) != FrameError.None
            || (e = _kline.GetFixed(k, 'l', out evt.Aux2)) != FrameError.None
            || (e = _kline.GetFixed(k, 'c', out var close)) != FrameError.None
            || (e = _kline.GetFixed(k, 'v', out var volume)) != FrameError.None
            || (e = _kline.GetLong(k, 'L', out evt.SourceSequence)) != FrameError.None
            || (e = _kline.GetBool('x', out var closed)) != FrameError.None
            || (e = _kline.TryGetRaw(k, 'i', JsonTokenType.String, out var interval) ? FrameError.None : FrameError.MissingField) != FrameError.None)
        {
            return Fail(e);
        }

        if (close <= 0 || evt.Aux0 <= 0 || evt.Aux1 <= 0 || evt.Aux2 <= 0)
        {
            return Fail(FrameError.NonPositive);
        }

        if (evt.Aux2 > evt.Aux1)
        {
            return Fail(FrameError.Inconsistent);
        }

        var minutes = IntervalMinutes(interval);
        if (minutes < 0)
        {
            return Fail(FrameError.BadNumber);
        }

        evt.Code = (ushort)minutes;
        evt.Price = new Price(close);
        evt.Quantity = new Quantity(volume);
        evt.Flags = closed ? MarketFlags.KlineClosed : (ushort)0;
        return Succeed(FrameKind.Kline);
    }

    private FrameKind ParseDepthUpdate(ReadOnlySpan<byte> frame, long receiveTimeNs)
    {
        var evt = default(InputEvent);
        FrameError e;
        if ((e = Symbol(frame, ref evt)) != FrameError.None
            || (e = _fields.GetTimeNs(frame, KeyEventTime, out _depth.EventTimeNs)) != FrameError.None
            || (e = _fields.GetLong(frame, 'U', out _depth.FirstUpdateId)) != FrameError.None
            || (e = _fields.GetLong(frame, 'u', out _depth.FinalUpdateId)) != FrameError.None
            || (e = _fields.GetLong(frame, JsonFieldTable.KeyPu, out _depth.PreviousUpdateId)) != FrameError.None)
        {
            return Fail(e);
        }

        // T is documented but was absent from some historical frames: optional.
        _ = _fields.GetTimeNs(frame, KeyTradeTime, out _depth.TransactionTimeNs);
        if (_depth.FirstUpdateId > _depth.FinalUpdateId)
        {
            return Fail(FrameError.Inconsistent);
        }

        _depth.SymbolId = evt.SymbolId;
        _depth.ReceiveTimeNs = receiveTimeNs;
        if ((e = Levels(frame, 'b', ref _bids, out _depth.BidCount)) != FrameError.None
            || (e = Levels(frame, 'a', ref _asks, out _depth.AskCount)) != FrameError.None)
        {
            return Fail(e);
        }

        return Succeed(FrameKind.DepthUpdate);
    }

    private FrameKind ParseSnapshot(ReadOnlySpan<byte> frame, long receiveTimeNs)
    {
        FrameError e;
        if ((e = _fields.GetLong(frame, JsonFieldTable.KeyLastUpdateId, out var last)) != FrameError.None)
        {
            return Fail(e);
        }

        _ = _fields.GetTimeNs(frame, KeyEventTime, out _depth.EventTimeNs);
        _ = _fields.GetTimeNs(frame, KeyTradeTime, out _depth.TransactionTimeNs);
        _depth.FirstUpdateId = last;
        _depth.FinalUpdateId = last;
        _depth.ReceiveTimeNs = receiveTimeNs;
        if ((e = Levels(frame, JsonFieldTable.KeyBids, ref _bids, out _depth.BidCount)) != FrameError.None
            || (e = Levels(frame, JsonFieldTable.KeyAsks, ref _asks, out _depth.AskCount)) != FrameError.None)
        {
            return Fail(e);
        }

        return Succeed(FrameKind.DepthSnapshot);
    }

    private FrameError Levels(ReadOnlySpan<byte> frame, int key, ref DepthLevel[] buffer, out int count)
    {
        count = 0;
        if (!_fields.TryGetRaw(frame, key, JsonTokenType.StartArray, out var array))
        {
            return FrameError.MissingField;
        }

        var reader = new Utf8JsonReader(array);
        reader.Read();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return FrameError.None;
            }

            if (reader.TokenType != JsonTokenType.StartArray
                || !reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped
                || !DecimalCodec.TryParseFixed(reader.ValueSpan, out var price))
            {
                return FrameError.BadNumber;
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped
                || !DecimalCodec.TryParseFixed(reader.ValueSpan, out var quantity))
            {
                return FrameError.BadNumber;
            }

            if (price <= 0)
            {
                return FrameError.NonPositive;
            }

            // Tolerate extra elements in a level (none today), never fewer.
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            if (count == buffer.Length)
            {
                if (count >= _maxLevels)
                {
                    return FrameError.TooManyLevels;
                }

                Grow(ref buffer);
            }

            buffer[count++] = new DepthLevel(price, quantity);
        }

        return FrameError.MalformedJson;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(ref DepthLevel[] buffer) => Array.Resize(ref buffer, Math.Min(buffer.Length * 2, _maxLevels));

    private FrameError PriceQuantity(ReadOnlySpan<byte> frame, ref InputEvent evt)
    {
        FrameError e;
        if ((e = _fields.GetFixed(frame, KeyPrice, out var price)) != FrameError.None
            || (e = _fields.GetFixed(frame, KeyQuantity, out var quantity)) != FrameError.None)
        {
            return e;
        }

        if (price <= 0 || quantity <= 0)
        {
            return FrameError.NonPositive;
        }

        evt.Price = new Price(price);
        evt.Quantity = new Quantity(quantity);
        return FrameError.None;
    }

    private FrameError Symbol(ReadOnlySpan<byte> frame, ref InputEvent evt)
    {
        if (!_fields.TryGetRaw(frame, KeySymbol, JsonTokenType.String, out var symbol) || symbol.IsEmpty)
        {
            return FrameError.MissingField;
        }

        if (_instruments.TryGet(symbol, out var instrument))
        {
            evt.SymbolId = instrument.Id;
            return FrameError.None;
        }

        return _registerUnknownSymbols ? RegisterSymbol(symbol, ref evt) : FrameError.UnknownSymbol;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FrameError RegisterSymbol(ReadOnlySpan<byte> symbol, ref InputEvent evt)
    {
        foreach (var c in symbol)
        {
            if (c is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')) || symbol.Length > 32)
            {
                return FrameError.UnknownSymbol;
            }
        }

        // Inspection mode: the finest tick and step, since the capture does not carry exchangeInfo.
        var instrument = _instruments.Add(Venue.BinanceUsdM, System.Text.Encoding.ASCII.GetString(symbol), new Price(1), new Quantity(1), 0);
        evt.SymbolId = instrument.Id;
        return FrameError.None;
    }

    /// <summary>Minutes of a kline interval (<c>1m</c> → 1, <c>1h</c> → 60, <c>1M</c> → 43200; <c>1s</c> → 0); -1 if unknown.</summary>
    internal static int IntervalMinutes(ReadOnlySpan<byte> interval)
    {
        if (interval.Length < 2)
        {
            return -1;
        }

        var n = 0;
        for (var i = 0; i < interval.Length - 1; i++)
        {
            var d = interval[i] - '0';
            if ((uint)d > 9 || n > 1000)
            {
                return -1;
            }

            n = (n * 10) + d;
        }

        return interval[^1] switch
        {
            (byte)'s' => 0,
            (byte)'m' => n,
            (byte)'h' => n * 60,
            (byte)'d' => n * 1440,
            (byte)'w' => n * 10080,
            (byte)'M' => n * 43200,
            _ => -1,
        };
    }

    private FrameKind Succeed(FrameKind kind)
    {
        _kindCounts[(int)kind]++;
        return kind;
    }

    private FrameKind Fail(FrameError error)
    {
        LastError = error;
        _errorCounts[(int)error]++;
        _depth = default;
        return FrameKind.Invalid;
    }
}
