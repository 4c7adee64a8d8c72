using QuantumTrader.Runtime.Live;
using QuantumTrader.Model;

namespace QuantumTrader.Runtime.Tests.Live;

public sealed class FeedStateTrackerTests
{
    private static InputEvent Feed(ushort symbol, FeedStateCode code) => new() { Kind = InputKind.FeedState, SymbolId = symbol, Code = (ushort)code };

    [Fact]
    public void Observe_SyncThenGapThenResync_TracksStateAndCounts()
    {
        var t = new FeedStateTracker(2);

        t.Observe(Feed(0, FeedStateCode.Connected));
        t.Observe(Feed(1, FeedStateCode.Connected));
        t.Observe(Feed(0, FeedStateCode.BookInSync));
        Assert.Equal(1, t.BooksInSync);
        t.Observe(Feed(0, FeedStateCode.BookGap));
        t.Observe(Feed(0, FeedStateCode.BookResyncing));
        Assert.Equal(0, t.BooksInSync);
        Assert.Equal(FeedStateCode.BookResyncing, t.BookState(0));
        t.Observe(Feed(0, FeedStateCode.BookInSync));

        Assert.Equal(FeedStateCode.BookInSync, t.BookState(0));
        Assert.Equal(FeedStateCode.None, t.BookState(1));
        Assert.Equal((2L, 1L, 2L, 1), (t.Connected, t.Gaps, t.InSyncEvents, t.BooksInSync));
    }

    [Fact]
    public void Observe_DisconnectOfSyncedBook_MarksItResyncing()
    {
        var t = new FeedStateTracker(1);
        t.Observe(Feed(0, FeedStateCode.BookInSync));

        t.Observe(Feed(0, FeedStateCode.Disconnected));

        Assert.Equal(FeedStateCode.BookResyncing, t.BookState(0));
        Assert.Equal(1, t.Disconnected);
    }

    [Fact]
    public void Observe_StaleFreshAndForeignEvents_CountsOnlyFeedStateOfKnownSymbols()
    {
        var t = new FeedStateTracker(1);

        t.Observe(Feed(0, FeedStateCode.Stale));
        t.Observe(Feed(0, FeedStateCode.Fresh));
        t.Observe(Feed(5, FeedStateCode.Stale)); // unknown symbol id: ignored, never an index error
        t.Observe(new InputEvent { Kind = InputKind.Trade, SymbolId = 0, Code = (ushort)FeedStateCode.Stale });

        Assert.Equal((1L, 1L), (t.Stale, t.Fresh));
    }
}
