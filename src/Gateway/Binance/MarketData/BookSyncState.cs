namespace QuantumTrader.Gateway.Binance.MarketData;

/// <summary>State of a <see cref="BookSynchronizer"/> in the documented snapshot + buffered-diff procedure.</summary>
public enum BookSyncState : byte
{
    /// <summary>Buffering diffs; a snapshot is needed (at start, after a gap, or when the snapshot was too old).</summary>
    AwaitingSnapshot = 0,

    /// <summary>A snapshot is loaded and no buffered diff reached it yet: the next diff must straddle its lastUpdateId.</summary>
    SnapshotLoaded = 1,

    /// <summary>In sync: every diff chains (<c>pu</c> == previous <c>u</c>).</summary>
    Synced = 2,
}
