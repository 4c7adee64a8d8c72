using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Gateway.Binance.MarketData;

/// <summary>
/// Turns raw Binance frames (live WebSocket messages, REST snapshots, or recorded captures) into input
/// events: market events are published as parsed, depth diffs and snapshots drive one
/// <see cref="BookSynchronizer"/> per symbol, which publishes book updates and book states.
/// </summary>
/// <remarks>One instance per market-data I/O thread; not thread-safe. No allocation per frame after warm-up
/// (a synchronizer is created on the first depth message of a symbol).</remarks>
public sealed class MarketDataPump
{
    private readonly BinanceMarketParser _parser;
    private readonly InstrumentRegistry _instruments;
    private readonly IInputSink _sink;
    private readonly List<BookSynchronizer?> _books = new();
    private InputEvent _scratch;
    private int _depthSymbols;
    private ushort _lastDepthSymbol;

    /// <summary>Creates a pump.</summary>
    /// <param name="instruments">Known instruments.</param>
    /// <param name="sink">Where events go.</param>
    /// <param name="registerUnknownSymbols">Inspection only: accept symbols not registered (see <see cref="BinanceMarketParser"/>).</param>
    public MarketDataPump(InstrumentRegistry instruments, IInputSink sink, bool registerUnknownSymbols = false)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(sink);
        _instruments = instruments;
        _sink = sink;
        _parser = new BinanceMarketParser(instruments, registerUnknownSymbols);
    }

    /// <summary>The parser (its per-kind and per-error counters).</summary>
    public BinanceMarketParser Parser => _parser;

    /// <summary>Symbol of the last market event or depth update handled (valid when the last call returned one of those kinds).</summary>
    public ushort LastSymbolId { get; private set; }

    /// <summary>Snapshots that could not be tied to a symbol (no symbol given and several depth streams), or failed to parse.</summary>
    public long OrphanSnapshots { get; private set; }

    /// <summary>Exchange event time (ns) of the first frame that carried one, 0 if none.</summary>
    public long FirstExchangeTimeNs { get; private set; }

    /// <summary>Exchange event time (ns) of the last frame that carried one, 0 if none.</summary>
    public long LastExchangeTimeNs { get; private set; }

    /// <summary>The book of <paramref name="symbolId"/>, or null when no depth arrived for it.</summary>
    public BookSynchronizer? BookOf(ushort symbolId) => symbolId < _books.Count ? _books[symbolId] : null;

    /// <summary>Every book created so far, in symbol-id order.</summary>
    public IEnumerable<BookSynchronizer> Books
    {
        get
        {
            foreach (var book in _books)
            {
                if (book is not null)
                {
                    yield return book;
                }
            }
        }
    }

    /// <summary>Handles one WebSocket message.</summary>
    /// <returns>The kind parsed (<see cref="FrameKind.Invalid"/> when rejected; the parser counted why).</returns>
    public FrameKind OnStreamFrame(ReadOnlySpan<byte> frame, long receiveTimeNs)
    {
        var kind = _parser.Parse(frame, receiveTimeNs, ref _scratch);
        switch (kind)
        {
            case FrameKind.Trade:
            case FrameKind.AggTrade:
            case FrameKind.BookTicker:
            case FrameKind.Kline:
            case FrameKind.MarkPrice:
                Stamp(_scratch.ExchangeTimeNs);
                LastSymbolId = _scratch.SymbolId;
                _sink.Publish(in _scratch);
                break;
            case FrameKind.DepthUpdate:
                ref readonly var depth = ref _parser.Depth;
                Stamp(depth.EventTimeNs);
                var book = Book(depth.SymbolId);
                _lastDepthSymbol = depth.SymbolId;
                LastSymbolId = depth.SymbolId;
                book.OnDiff(depth, _parser.Bids, _parser.Asks);
                break;
            case FrameKind.DepthSnapshot:
                // A snapshot on the stream path (hftbacktest records it inline): tie it to the depth symbol.
                return OnSnapshotParsed(null) ? kind : FrameKind.Invalid;
        }

        return kind;
    }

    /// <summary>Handles a REST depth snapshot body for <paramref name="symbol"/> (null: the only symbol with depth).</summary>
    public bool OnSnapshot(ReadOnlySpan<byte> body, string? symbol, long receiveTimeNs)
    {
        var kind = _parser.Parse(body, receiveTimeNs, ref _scratch);
        if (kind != FrameKind.DepthSnapshot)
        {
            OrphanSnapshots++;
            return false;
        }

        return OnSnapshotParsed(symbol);
    }

    private bool OnSnapshotParsed(string? symbol)
    {
        ushort id;
        if (symbol is not null)
        {
            if (!_instruments.TryGet(symbol, out var instrument))
            {
                OrphanSnapshots++;
                return false;
            }

            id = instrument.Id;
        }
        else if (_depthSymbols == 1)
        {
            id = _lastDepthSymbol;
        }
        else
        {
            OrphanSnapshots++;
            return false;
        }

        var depth = _parser.Depth;
        depth.SymbolId = id;
        Stamp(depth.EventTimeNs);
        Book(id).OnSnapshot(depth, _parser.Bids, _parser.Asks);
        return true;
    }

    private void Stamp(long exchangeNs)
    {
        if (exchangeNs == 0)
        {
            return;
        }

        if (FirstExchangeTimeNs == 0)
        {
            FirstExchangeTimeNs = exchangeNs;
        }

        LastExchangeTimeNs = exchangeNs;
    }

    private BookSynchronizer Book(ushort symbolId)
    {
        while (_books.Count <= symbolId)
        {
            _books.Add(null);
        }

        var book = _books[symbolId];
        if (book is null)
        {
            book = new BookSynchronizer(symbolId, _sink);
            _books[symbolId] = book;
            _depthSymbols++;
        }

        return book;
    }
}
