using QuantumTrader.Model;

namespace QuantumTrader.Runtime.Live;

/// <summary>
/// Follows the <see cref="InputKind.FeedState"/> events of a live feed per symbol: whether each local book is
/// in sync now, and how many connects, disconnects, stale periods, gaps and resyncs were seen. Arrays sized
/// once; observing an event allocates nothing.
/// </summary>
/// <remarks>Written by the feed thread only; read after it stops (or as a snapshot for diagnostics).</remarks>
public sealed class FeedStateTracker
{
    private readonly FeedStateCode[] _book;
    private readonly bool[] _hasDepth;

    /// <summary>Creates a tracker for <paramref name="symbols"/> symbols.</summary>
    public FeedStateTracker(int symbols)
    {
        _book = new FeedStateCode[symbols];
        _hasDepth = new bool[symbols];
    }

    /// <summary>Connected events (per symbol of each connection).</summary>
    public long Connected { get; private set; }

    /// <summary>Disconnected events.</summary>
    public long Disconnected { get; private set; }

    /// <summary>Stale events.</summary>
    public long Stale { get; private set; }

    /// <summary>Fresh events (data back after stale).</summary>
    public long Fresh { get; private set; }

    /// <summary>Book gaps (a diff did not chain).</summary>
    public long Gaps { get; private set; }

    /// <summary>BookInSync events (first sync and every resync).</summary>
    public long InSyncEvents { get; private set; }

    /// <summary>Diff buffer overflows while waiting for a snapshot.</summary>
    public long BufferOverflows { get; private set; }

    /// <summary>Records one event (others than FeedState are ignored).</summary>
    public void Observe(in InputEvent e)
    {
        if (e.Kind != InputKind.FeedState || e.SymbolId >= _book.Length)
        {
            return;
        }

        switch ((FeedStateCode)e.Code)
        {
            case FeedStateCode.Connected:
                Connected++;
                break;
            case FeedStateCode.Disconnected:
                Disconnected++;
                if (_hasDepth[e.SymbolId])
                {
                    _book[e.SymbolId] = FeedStateCode.BookResyncing; // diffs are missed: the book resyncs after the reconnect
                }

                break;
            case FeedStateCode.Stale:
                Stale++;
                break;
            case FeedStateCode.Fresh:
                Fresh++;
                break;
            case FeedStateCode.BookInSync:
                InSyncEvents++;
                _hasDepth[e.SymbolId] = true;
                _book[e.SymbolId] = FeedStateCode.BookInSync;
                break;
            case FeedStateCode.BookGap:
                Gaps++;
                _hasDepth[e.SymbolId] = true;
                _book[e.SymbolId] = FeedStateCode.BookGap;
                break;
            case FeedStateCode.BookResyncing:
                _hasDepth[e.SymbolId] = true;
                _book[e.SymbolId] = FeedStateCode.BookResyncing;
                break;
            case FeedStateCode.BufferOverflow:
                BufferOverflows++;
                break;
        }
    }

    /// <summary>The last book state seen for a symbol (None when no book event was seen).</summary>
    public FeedStateCode BookState(ushort symbolId) => symbolId < _book.Length ? _book[symbolId] : FeedStateCode.None;

    /// <summary>Symbols whose book is in sync now.</summary>
    public int BooksInSync
    {
        get
        {
            var n = 0;
            foreach (var s in _book)
            {
                n += s == FeedStateCode.BookInSync ? 1 : 0;
            }

            return n;
        }
    }
}
