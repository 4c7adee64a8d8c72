using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Model;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Gateway.Tests.Binance.MarketData;

public sealed class BookSynchronizerTests
{
    private readonly RecordingSink _sink = new();
    private readonly BookSynchronizer _book;

    public BookSynchronizerTests() => _book = new BookSynchronizer(3, _sink);

    private static DepthHeader Diff(long first, long final, long previous) => new()
    {
        SymbolId = 3, FirstUpdateId = first, FinalUpdateId = final, PreviousUpdateId = previous,
    };

    private static DepthHeader Snapshot(long last) => new() { FirstUpdateId = last, FinalUpdateId = last };

    private static DepthLevel[] L(long price, long qty) => [new DepthLevel(price, qty)];

    [Fact]
    public void OnSnapshot_BufferedDiffStraddles_SyncedAndOlderDiffsDropped()
    {
        _book.OnDiff(Diff(90, 95, 80), L(10, 5), []);      // u < 100: dropped
        _book.OnDiff(Diff(96, 105, 95), L(11, 6), []);     // straddles 100
        _book.OnDiff(Diff(106, 110, 105), [], L(20, 7));
        Assert.True(_book.NeedsSnapshot);
        _book.OnSnapshot(Snapshot(100), L(9, 1), L(21, 1));
        Assert.Equal(BookSyncState.Synced, _book.State);
        Assert.Equal(110, _book.LastUpdateId);
        Assert.Equal(11, _book.Bids.BestPrice);
        Assert.Equal(20, _book.Asks.BestPrice);
        Assert.Equal(2, _book.Bids.Count); // 9 from the snapshot, 11 from the straddling diff; 10 was dropped
        var codes = _sink.OfKind(InputKind.FeedState).ConvertAll(e => (FeedStateCode)e.Code);
        Assert.Equal([FeedStateCode.BookResyncing, FeedStateCode.BookInSync], codes);
        var top = Assert.Single(_sink.OfKind(InputKind.BookUpdate));
        Assert.Equal(11, top.BidPrice.Raw);
        Assert.Equal(20, top.AskPrice.Raw);
    }

    [Fact]
    public void OnDiff_PuBreakWhileSynced_GapResyncingThenResyncOnNextSnapshot()
    {
        _book.OnSnapshot(Snapshot(100), L(9, 1), L(21, 1));
        _book.OnDiff(Diff(99, 101, 98), L(10, 1), []);
        Assert.Equal(BookSyncState.Synced, _book.State);
        _book.OnDiff(Diff(105, 106, 104), L(11, 1), []); // pu 104 != 101: gap
        Assert.Equal(BookSyncState.AwaitingSnapshot, _book.State);
        Assert.Equal(1, _book.Gaps);
        Assert.True(_book.NeedsSnapshot);
        var codes = _sink.OfKind(InputKind.FeedState).ConvertAll(e => (FeedStateCode)e.Code);
        Assert.Equal([FeedStateCode.BookResyncing, FeedStateCode.BookInSync, FeedStateCode.BookGap, FeedStateCode.BookResyncing], codes);

        _book.OnDiff(Diff(107, 108, 106), L(12, 1), []);
        _book.OnSnapshot(Snapshot(107), L(9, 1), L(21, 1));
        Assert.Equal(BookSyncState.Synced, _book.State);
        Assert.Equal(1, _book.Resyncs);
        Assert.Equal(108, _book.LastUpdateId);
        Assert.Equal(12, _book.Bids.BestPrice);
    }

    [Fact]
    public void OnSnapshot_OlderThanBufferedDiffs_StaysAwaitingAndCountsStale()
    {
        _book.OnDiff(Diff(200, 210, 190), L(10, 1), []);
        _book.OnSnapshot(Snapshot(150), L(9, 1), L(21, 1));
        Assert.Equal(BookSyncState.AwaitingSnapshot, _book.State);
        Assert.Equal(1, _book.StaleSnapshots);
        Assert.Empty(_sink.OfKind(InputKind.BookUpdate));
        _book.OnSnapshot(Snapshot(205), L(9, 1), L(21, 1));
        Assert.Equal(BookSyncState.Synced, _book.State);
    }

    [Fact]
    public void OnDiff_AfterSnapshotWithoutStraddle_SnapshotDiscarded()
    {
        _book.OnSnapshot(Snapshot(100), L(9, 1), L(21, 1));
        _book.OnDiff(Diff(50, 90, 40), L(1, 1), []);   // older: ignored
        Assert.Equal(BookSyncState.SnapshotLoaded, _book.State);
        _book.OnDiff(Diff(120, 130, 119), L(1, 1), []); // skipped past the snapshot
        Assert.Equal(BookSyncState.AwaitingSnapshot, _book.State);
        Assert.Equal(1, _book.StaleSnapshots);
    }

    [Fact]
    public void OnSnapshot_GapInsideBuffer_DetectedBeforeSync()
    {
        _book.OnDiff(Diff(96, 105, 95), L(11, 6), []);
        _book.OnDiff(Diff(120, 130, 119), L(12, 6), []); // pu 119 != 105
        _book.OnSnapshot(Snapshot(100), L(9, 1), L(21, 1));
        Assert.Equal(BookSyncState.AwaitingSnapshot, _book.State);
        Assert.Equal(1, _book.Gaps);
        _book.OnSnapshot(Snapshot(125), L(9, 1), L(21, 1));
        Assert.Equal(BookSyncState.Synced, _book.State);
        Assert.Equal(130, _book.LastUpdateId);
    }

    [Fact]
    public void OnDiff_BufferOverflow_DiscardsAndReports()
    {
        var book = new BookSynchronizer(1, _sink, maxBufferedDiffs: 2);
        book.OnDiff(Diff(1, 2, 0), L(1, 1), []);
        book.OnDiff(Diff(3, 4, 2), L(1, 1), []);
        book.OnDiff(Diff(5, 6, 4), L(1, 1), []);
        Assert.Equal(1, book.BufferOverflows);
        Assert.Contains(_sink.Snapshot(), e => e.Kind == InputKind.FeedState && e.Code == (ushort)FeedStateCode.BufferOverflow);
    }

    [Fact]
    public void OnDiff_DuplicateWhileSynced_DroppedAndCountedNotAGap()
    {
        _book.OnSnapshot(Snapshot(100), L(9, 1), L(21, 1));
        _book.OnDiff(Diff(99, 101, 98), L(10, 1), []);
        _book.OnDiff(Diff(102, 104, 101), L(11, 1), []);
        _book.OnDiff(Diff(102, 104, 101), L(5, 1), []);  // the same frame again: u 104 <= last applied 104
        _book.OnDiff(Diff(99, 101, 98), L(6, 1), []);    // an older one: u 101 < 104
        Assert.Equal(BookSyncState.Synced, _book.State);
        Assert.Equal(0, _book.Gaps);
        Assert.Equal(2, _book.Duplicates);
        Assert.Equal(11, _book.Bids.BestPrice);
        Assert.Equal(3, _book.Bids.Count); // 9, 10, 11: the duplicates' levels were not applied
        _book.OnDiff(Diff(105, 106, 104), L(12, 1), []); // the stream continues from the last applied u
        Assert.Equal(BookSyncState.Synced, _book.State);
        Assert.Equal(106, _book.LastUpdateId);
        Assert.DoesNotContain(_sink.OfKind(InputKind.FeedState), e => e.Code == (ushort)FeedStateCode.BookGap);
    }

    [Fact]
    public void OnSnapshot_DuplicateInsideBuffer_DroppedAndCountedNotAGap()
    {
        _book.OnDiff(Diff(96, 105, 95), L(11, 6), []);
        _book.OnDiff(Diff(106, 110, 105), L(12, 6), []);
        _book.OnDiff(Diff(106, 110, 105), L(12, 6), []); // duplicate delivery
        _book.OnDiff(Diff(111, 112, 110), L(13, 6), []);
        _book.OnSnapshot(Snapshot(100), L(9, 1), L(21, 1));
        Assert.Equal(BookSyncState.Synced, _book.State);
        Assert.Equal(0, _book.Gaps);
        Assert.Equal(1, _book.Duplicates);
        Assert.Equal(112, _book.LastUpdateId);
    }

    [Fact]
    public void OnDiff_FirstDiffBeforeAnySnapshot_PublishesResyncingOnce()
    {
        _book.OnDiff(Diff(90, 95, 80), L(10, 5), []);
        _book.OnDiff(Diff(96, 105, 95), L(11, 6), []);
        var state = Assert.Single(_sink.OfKind(InputKind.FeedState));
        Assert.Equal((ushort)FeedStateCode.BookResyncing, state.Code); // never in sync: not usable until BookInSync
        _book.OnSnapshot(Snapshot(100), L(9, 1), L(21, 1));
        var codes = _sink.OfKind(InputKind.FeedState).ConvertAll(e => (FeedStateCode)e.Code);
        Assert.Equal([FeedStateCode.BookResyncing, FeedStateCode.BookInSync], codes);
    }
}
