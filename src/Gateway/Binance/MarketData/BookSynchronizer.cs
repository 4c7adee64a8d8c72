using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Gateway.Binance.MarketData;

/// <summary>
/// The local order book of one symbol, kept by Binance's USDⓈ-M procedure: buffer diffs, load a REST
/// snapshot, drop diffs with <c>u</c> &lt; lastUpdateId, require the first applied diff to straddle it
/// (<c>U</c> ≤ lastUpdateId ≤ <c>u</c>), then require <c>pu</c> == previous <c>u</c> on every diff. A
/// break is a gap: the book is marked resyncing and a new snapshot is needed. A diff whose <c>u</c> is at or
/// below the last applied one is a duplicate: dropped and counted, not a gap.
/// </summary>
/// <remarks>
/// Owned by the market-data I/O thread; not thread-safe. Publishes through the sink: a
/// <see cref="InputKind.BookUpdate"/> (top of book) after each applied diff once in sync, and
/// <see cref="InputKind.FeedState"/> events on every state change (<see cref="FeedStateCode.BookInSync"/>,
/// <see cref="FeedStateCode.BookGap"/>, <see cref="FeedStateCode.BookResyncing"/>,
/// <see cref="FeedStateCode.BufferOverflow"/>); the first diff of a book not in sync publishes
/// <see cref="FeedStateCode.BookResyncing"/>, so the core treats the book as unusable until
/// <see cref="FeedStateCode.BookInSync"/>. No allocation after warm-up.
/// </remarks>
public sealed class BookSynchronizer
{
    private readonly IInputSink _sink;
    private readonly DepthHeader[] _buffered;
    private readonly DepthLevel[] _bufferedLevels;
    private readonly int[] _levelStart;
    private InputEvent _scratch;
    private int _bufferedCount;
    private int _bufferedLevelCount;
    private long _lastUpdateId;
    private long _snapshotId;
    private bool _everSynced;
    private bool _lostSync;
    private bool _resyncAnnounced;
    private long _lastReceiveNs;
    private long _lastExchangeNs;

    /// <summary>Creates the book of <paramref name="symbolId"/>.</summary>
    /// <param name="symbolId">Instrument id stamped on published events.</param>
    /// <param name="sink">Where book updates and feed states go.</param>
    /// <param name="maxBufferedDiffs">Diffs kept while waiting for a snapshot.</param>
    /// <param name="maxBufferedLevels">Levels kept across those diffs.</param>
    public BookSynchronizer(ushort symbolId, IInputSink sink, int maxBufferedDiffs = 1024, int maxBufferedLevels = 131_072)
    {
        ArgumentNullException.ThrowIfNull(sink);
        SymbolId = symbolId;
        _sink = sink;
        _buffered = new DepthHeader[maxBufferedDiffs];
        _levelStart = new int[maxBufferedDiffs];
        _bufferedLevels = new DepthLevel[maxBufferedLevels];
    }

    /// <summary>The symbol.</summary>
    public ushort SymbolId { get; }

    /// <summary>Current state.</summary>
    public BookSyncState State { get; private set; }

    /// <summary>Bids, best first.</summary>
    public BookSide Bids { get; } = new(descending: true);

    /// <summary>Asks, best first.</summary>
    public BookSide Asks { get; } = new(descending: false);

    /// <summary>Final update id of the last diff applied (or of the snapshot).</summary>
    public long LastUpdateId => _lastUpdateId;

    /// <summary><c>pu</c> breaks seen while in sync (or while replaying buffered diffs).</summary>
    public long Gaps { get; private set; }

    /// <summary>Times the book regained sync after losing it.</summary>
    public long Resyncs { get; private set; }

    /// <summary>Snapshots older than the oldest buffered diff (a newer snapshot is needed).</summary>
    public long StaleSnapshots { get; private set; }

    /// <summary>Times the diff buffer overflowed while waiting for a snapshot.</summary>
    public long BufferOverflows { get; private set; }

    /// <summary>Diffs dropped as duplicates: their final update id <c>u</c> is at or below the last one applied
    /// (a redelivered or older frame), which is not a gap.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Diffs applied to the book.</summary>
    public long DiffsApplied { get; private set; }

    /// <summary>True when a snapshot should be fetched now: waiting for one and at least one diff is buffered
    /// (so the snapshot can be matched against the stream).</summary>
    public bool NeedsSnapshot => State == BookSyncState.AwaitingSnapshot && _bufferedCount > 0;

    /// <summary>Handles one diff-depth message.</summary>
    public void OnDiff(in DepthHeader diff, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        _lastReceiveNs = diff.ReceiveTimeNs;
        _lastExchangeNs = diff.EventTimeNs;
        if (State != BookSyncState.Synced && !_resyncAnnounced)
        {
            // Depth flows but the book never was (or is no longer) in sync: say so before anything else, so the
            // core treats the symbol's book as unusable until BookInSync.
            PublishState(FeedStateCode.BookResyncing, diff.PreviousUpdateId, _lastUpdateId);
        }

        switch (State)
        {
            case BookSyncState.Synced:
                if (diff.FinalUpdateId <= _lastUpdateId)
                {
                    // Redelivered (or older) frame: its changes are already in the book. Not a gap.
                    Duplicates++;
                    return;
                }

                if (diff.PreviousUpdateId != _lastUpdateId)
                {
                    LoseSync(diff.PreviousUpdateId);
                    Buffer(diff, bids, asks);
                    return;
                }

                Apply(bids, asks, diff.FinalUpdateId);
                PublishTop(diff);
                return;

            case BookSyncState.SnapshotLoaded:
                if (diff.FinalUpdateId < _snapshotId)
                {
                    return; // older than the snapshot: already in it
                }

                if (diff.FirstUpdateId > _snapshotId)
                {
                    // The stream moved past the snapshot without a straddling diff: the snapshot is useless.
                    StaleSnapshots++;
                    EnterAwaiting();
                    Buffer(diff, bids, asks);
                    return;
                }

                Apply(bids, asks, diff.FinalUpdateId);
                BecomeSynced(diff);
                return;

            default:
                Buffer(diff, bids, asks);
                return;
        }
    }

    /// <summary>Loads a REST snapshot and replays the buffered diffs that follow it. Ignored when in sync.</summary>
    public void OnSnapshot(in DepthHeader snapshot, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        _lastReceiveNs = snapshot.ReceiveTimeNs;
        _lastExchangeNs = snapshot.EventTimeNs;
        if (State == BookSyncState.Synced)
        {
            return;
        }

        Bids.Clear();
        Asks.Clear();
        Apply(bids, asks, snapshot.FinalUpdateId);
        DiffsApplied--; // the snapshot is not a diff
        _snapshotId = snapshot.FinalUpdateId;
        State = BookSyncState.SnapshotLoaded;

        var i = 0;
        while (i < _bufferedCount && _buffered[i].FinalUpdateId < _snapshotId)
        {
            i++;
        }

        if (i == _bufferedCount)
        {
            _bufferedCount = 0;
            _bufferedLevelCount = 0;
            return; // wait for the straddling diff on the stream
        }

        if (_buffered[i].FirstUpdateId > _snapshotId)
        {
            // Snapshot older than what we buffered: keep the buffer, ask for a newer snapshot.
            StaleSnapshots++;
            State = BookSyncState.AwaitingSnapshot;
            Compact(i);
            return;
        }

        ApplyBuffered(i);
        var lastApplied = i;
        for (var j = i + 1; j < _bufferedCount; j++)
        {
            if (_buffered[j].FinalUpdateId <= _lastUpdateId)
            {
                Duplicates++;
                continue;
            }

            if (_buffered[j].PreviousUpdateId != _lastUpdateId)
            {
                Gaps++;
                PublishState(FeedStateCode.BookGap, _buffered[j].PreviousUpdateId, _lastUpdateId);
                State = BookSyncState.AwaitingSnapshot;
                Compact(j);
                return;
            }

            ApplyBuffered(j);
            lastApplied = j;
        }

        var header = _buffered[lastApplied];
        _bufferedCount = 0;
        _bufferedLevelCount = 0;
        BecomeSynced(header);
    }

    /// <summary>Forgets the book and waits for a new snapshot (after a reconnect: diffs were missed).</summary>
    public void Reset()
    {
        if (State == BookSyncState.Synced)
        {
            _lostSync = true;
            PublishState(FeedStateCode.BookResyncing, 0, _lastUpdateId);
        }

        EnterAwaiting();
    }

    private void EnterAwaiting()
    {
        State = BookSyncState.AwaitingSnapshot;
        _bufferedCount = 0;
        _bufferedLevelCount = 0;
    }

    private void LoseSync(long receivedPu)
    {
        Gaps++;
        _lostSync = true;
        PublishState(FeedStateCode.BookGap, receivedPu, _lastUpdateId);
        PublishState(FeedStateCode.BookResyncing, receivedPu, _lastUpdateId);
        EnterAwaiting();
    }

    private void BecomeSynced(in DepthHeader last)
    {
        State = BookSyncState.Synced;
        _resyncAnnounced = false;
        if (_lostSync)
        {
            Resyncs++;
            _lostSync = false;
        }

        _everSynced = true;
        PublishState(FeedStateCode.BookInSync, last.FinalUpdateId, 0);
        PublishTop(last);
    }

    private void Buffer(in DepthHeader diff, ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks)
    {
        if (_everSynced && !_lostSync)
        {
            _lostSync = true;
        }

        var levels = bids.Length + asks.Length;
        if (_bufferedCount == _buffered.Length || _bufferedLevelCount + levels > _bufferedLevels.Length)
        {
            // Nothing can be salvaged from a broken buffer: start over, the next snapshot will match newer diffs.
            BufferOverflows++;
            PublishState(FeedStateCode.BufferOverflow, diff.FinalUpdateId, _bufferedCount);
            _bufferedCount = 0;
            _bufferedLevelCount = 0;
            if (levels > _bufferedLevels.Length)
            {
                return;
            }
        }

        _buffered[_bufferedCount] = diff;
        _buffered[_bufferedCount].BidCount = bids.Length;
        _buffered[_bufferedCount].AskCount = asks.Length;
        _levelStart[_bufferedCount] = _bufferedLevelCount;
        bids.CopyTo(_bufferedLevels.AsSpan(_bufferedLevelCount));
        asks.CopyTo(_bufferedLevels.AsSpan(_bufferedLevelCount + bids.Length));
        _bufferedLevelCount += levels;
        _bufferedCount++;
    }

    private void Compact(int from)
    {
        var levelFrom = _levelStart[from];
        var n = _bufferedCount - from;
        Array.Copy(_buffered, from, _buffered, 0, n);
        Array.Copy(_levelStart, from, _levelStart, 0, n);
        for (var k = 0; k < n; k++)
        {
            _levelStart[k] -= levelFrom;
        }

        Array.Copy(_bufferedLevels, levelFrom, _bufferedLevels, 0, _bufferedLevelCount - levelFrom);
        _bufferedLevelCount -= levelFrom;
        _bufferedCount = n;
    }

    private void ApplyBuffered(int index)
    {
        ref readonly var h = ref _buffered[index];
        var start = _levelStart[index];
        Apply(
            _bufferedLevels.AsSpan(start, h.BidCount),
            _bufferedLevels.AsSpan(start + h.BidCount, h.AskCount),
            h.FinalUpdateId);
    }

    private void Apply(ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks, long finalUpdateId)
    {
        foreach (var level in bids)
        {
            Bids.Set(level.Price, level.Quantity);
        }

        foreach (var level in asks)
        {
            Asks.Set(level.Price, level.Quantity);
        }

        _lastUpdateId = finalUpdateId;
        DiffsApplied++;
    }

    private void PublishTop(in DepthHeader diff)
    {
        _scratch = default;
        _scratch.Kind = InputKind.BookUpdate;
        _scratch.Venue = Venue.BinanceUsdM;
        _scratch.SymbolId = SymbolId;
        _scratch.ExchangeTimeNs = diff.EventTimeNs;
        _scratch.ReceiveTimeNs = diff.ReceiveTimeNs;
        _scratch.SourceSequence = diff.FinalUpdateId;
        _scratch.BidPrice = new Price(Bids.BestPrice);
        _scratch.BidQuantity = new Quantity(Bids.BestQuantity);
        _scratch.AskPrice = new Price(Asks.BestPrice);
        _scratch.AskQuantity = new Quantity(Asks.BestQuantity);
        _scratch.Aux0 = diff.TransactionTimeNs;
        _scratch.Aux1 = Bids.Count;
        _scratch.Aux2 = Asks.Count;
        _sink.Publish(in _scratch);
    }

    private void PublishState(FeedStateCode code, long sequence, long detail)
    {
        _resyncAnnounced |= code == FeedStateCode.BookResyncing;
        _scratch = default;
        _scratch.Kind = InputKind.FeedState;
        _scratch.Venue = Venue.BinanceUsdM;
        _scratch.SymbolId = SymbolId;
        _scratch.Code = (ushort)code;
        _scratch.ReceiveTimeNs = _lastReceiveNs;
        _scratch.ExchangeTimeNs = _lastExchangeNs;
        _scratch.SourceSequence = sequence;
        _scratch.Aux0 = detail;
        _sink.Publish(in _scratch);
    }
}
