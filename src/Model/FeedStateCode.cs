namespace QuantumTrader.Model;

/// <summary>
/// <see cref="InputEvent.Code"/> of an <see cref="InputKind.FeedState"/> event. Stable numeric values:
/// they are journaled. <see cref="InputEvent.Aux0"/> carries a detail (expected update id on a gap, the
/// back-off in ms on a reconnect), <see cref="InputEvent.SourceSequence"/> the update id concerned.
/// </summary>
public enum FeedStateCode : ushort
{
    /// <summary>Not set.</summary>
    None = 0,

    /// <summary>The local order book of the symbol is in sync with the venue.</summary>
    BookInSync = 1,

    /// <summary>The local order book lost continuity (or never had it) and waits for a snapshot: not usable.</summary>
    BookResyncing = 2,

    /// <summary>A depth update did not chain to the previous one (<c>pu</c> != previous <c>u</c>).</summary>
    BookGap = 3,

    /// <summary>No data arrived on a stream within the staleness limit.</summary>
    Stale = 4,

    /// <summary>Data flows again after <see cref="Stale"/>.</summary>
    Fresh = 5,

    /// <summary>The connection closed or failed; a reconnect is scheduled.</summary>
    Disconnected = 6,

    /// <summary>The connection is (re)established and subscribed.</summary>
    Connected = 7,

    /// <summary>The diff buffer overflowed while waiting for a snapshot; buffered diffs were discarded.</summary>
    BufferOverflow = 8,
}
