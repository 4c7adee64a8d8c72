namespace QuantumTrader.Stages.Features;

/// <summary>
/// Counters of the features stage. Written only by the stage thread; other threads (metrics) read them
/// with <c>Volatile.Read</c> through the properties.
/// </summary>
public sealed class FeatureCounters
{
    private long _vectors;
    private long _candles;
    private long _notValid;
    private long _unknownSymbol;
    private long _badValue;
    private long _outOfOrder;
    private long _gapResets;
    private long _warmingUp;
    private long _staleBook;
    private long _staleFunding;
    private long _bookSuperseded;
    private long _fundingSuperseded;
    private long _bookUnusable;

    /// <summary>Feature vectors produced.</summary>
    public long Vectors => Volatile.Read(ref _vectors);

    /// <summary>Candles closed (including gap-filled ones).</summary>
    public long Candles => Volatile.Read(ref _candles);

    /// <summary>Events skipped because normalization rejected them (Valid = false).</summary>
    public long NotValid => Volatile.Read(ref _notValid);

    /// <summary>Events refused: symbol id outside the registry.</summary>
    public long UnknownSymbol => Volatile.Read(ref _unknownSymbol);

    /// <summary>Events refused: no exchange time, non-positive price, negative quantity, crossed or empty book; vectors refused: a non-finite value.</summary>
    public long BadValue => Volatile.Read(ref _badValue);

    /// <summary>Trades refused: older than the open candle.</summary>
    public long OutOfOrder => Volatile.Read(ref _outOfOrder);

    /// <summary>Indicator restarts after a gap longer than the configured maximum.</summary>
    public long GapResets => Volatile.Read(ref _gapResets);

    /// <summary>Closed candles without a vector: indicators still warming up.</summary>
    public long WarmingUp => Volatile.Read(ref _warmingUp);

    /// <summary>Closed candles without a vector: no book top at or before the close (missing, or dropped because the book ran too far ahead), or that top is stale.</summary>
    public long StaleBook => Volatile.Read(ref _staleBook);

    /// <summary>Closed candles without a vector: no funding rate at or before the close (missing when required, or dropped because markPrice ran too far ahead), or that rate is stale.</summary>
    public long StaleFunding => Volatile.Read(ref _staleFunding);

    /// <summary>Book events ignored: their exchange time is older than the book top already held (not an error).</summary>
    public long BookSuperseded => Volatile.Read(ref _bookSuperseded);

    /// <summary>markPrice events ignored: their exchange time is older than the funding rate already held (not an error).</summary>
    public long FundingSuperseded => Volatile.Read(ref _fundingSuperseded);

    /// <summary>Closed candles without a vector: the symbol's local order book had a gap (or was never in sync) and
    /// was not yet back in sync (<c>FeedState</c> BookGap/BookResyncing/BufferOverflow until BookInSync).</summary>
    public long BookUnusable => Volatile.Read(ref _bookUnusable);

    internal void IncVectors() => Volatile.Write(ref _vectors, _vectors + 1);

    internal void IncCandles() => Volatile.Write(ref _candles, _candles + 1);

    internal void IncNotValid() => Volatile.Write(ref _notValid, _notValid + 1);

    internal void IncUnknownSymbol() => Volatile.Write(ref _unknownSymbol, _unknownSymbol + 1);

    internal void IncBadValue() => Volatile.Write(ref _badValue, _badValue + 1);

    internal void IncOutOfOrder() => Volatile.Write(ref _outOfOrder, _outOfOrder + 1);

    internal void IncGapResets() => Volatile.Write(ref _gapResets, _gapResets + 1);

    internal void IncWarmingUp() => Volatile.Write(ref _warmingUp, _warmingUp + 1);

    internal void IncStaleBook() => Volatile.Write(ref _staleBook, _staleBook + 1);

    internal void IncStaleFunding() => Volatile.Write(ref _staleFunding, _staleFunding + 1);

    internal void IncBookSuperseded() => Volatile.Write(ref _bookSuperseded, _bookSuperseded + 1);

    internal void IncBookUnusable() => Volatile.Write(ref _bookUnusable, _bookUnusable + 1);

    internal void IncFundingSuperseded() => Volatile.Write(ref _fundingSuperseded, _fundingSuperseded + 1);
}
