namespace QuantumTrader.Stages.Features;

/// <summary>
/// Builds candles of one interval from the trades of one symbol, by exchange trade time. A candle closes
/// when the first trade of a later interval arrives; intervals with no trade in between are emitted as
/// flat candles (open = high = low = close = previous close, volume 0). Only closed candles leave it.
/// </summary>
/// <remarks>
/// Not thread-safe: owned by the features stage thread. Allocation-free. A trade older than the open
/// candle is refused (the caller counts it): candles are never rewritten.
/// </remarks>
public sealed class CandleBuilder
{
    private readonly long _intervalNs;
    private bool _open;
    private long _bucket;
    private double _o;
    private double _h;
    private double _l;
    private double _c;
    private double _v;
    private double _buyV;
    private int _trades;
    private Candle _pendingFirst;
    private long _pendingGapStart;

    /// <summary>Creates a builder for candles of <paramref name="intervalNs"/> nanoseconds.</summary>
    public CandleBuilder(long intervalNs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalNs, 1_000_000L);
        _intervalNs = intervalNs;
    }

    /// <summary>The interval in nanoseconds.</summary>
    public long IntervalNs => _intervalNs;

    /// <summary>True while a candle is open.</summary>
    public bool HasOpenCandle => _open;

    /// <summary>Outcome of <see cref="AddTrade"/>.</summary>
    public enum AddResult
    {
        /// <summary>The trade went into the open candle; nothing closed.</summary>
        Added,

        /// <summary>The trade opened a new interval; <c>closedCount</c> candles closed (see <see cref="GetClosed"/>).</summary>
        Closed,

        /// <summary>The trade is older than the open candle and was refused.</summary>
        OutOfOrder,
    }

    /// <summary>
    /// Adds a trade. When it starts a later interval, the open candle and up to <paramref name="maxGap"/>
    /// flat gap candles close: <paramref name="closedCount"/> says how many (the last is the open candle's
    /// successor chain end) and <paramref name="gapTooLong"/> says the gap exceeded <paramref name="maxGap"/>
    /// (then no flat candles are emitted and the caller should restart its indicators).
    /// </summary>
    public AddResult AddTrade(long timeNs, double price, double quantity, bool buyerIsMaker, int maxGap, out long closedCount, out bool gapTooLong)
    {
        closedCount = 0;
        gapTooLong = false;
        var bucket = FloorDiv(timeNs, _intervalNs);
        if (!_open)
        {
            Open(bucket, price, quantity, buyerIsMaker);
            return AddResult.Added;
        }

        if (bucket < _bucket)
        {
            return AddResult.OutOfOrder;
        }

        if (bucket == _bucket)
        {
            if (price > _h)
            {
                _h = price;
            }

            if (price < _l)
            {
                _l = price;
            }

            _c = price;
            _v += quantity;
            if (!buyerIsMaker)
            {
                _buyV += quantity;
            }

            _trades++;
            return AddResult.Added;
        }

        var gap = bucket - _bucket - 1;
        gapTooLong = gap > maxGap;
        closedCount = gapTooLong ? 1 : 1 + gap;
        _pendingFirst = new Candle(_bucket * _intervalNs, (_bucket + 1) * _intervalNs, _o, _h, _l, _c, _v, _buyV, _trades);
        _pendingGapStart = _bucket + 1;
        Open(bucket, price, quantity, buyerIsMaker);
        return AddResult.Closed;
    }

    /// <summary>
    /// The <paramref name="index"/>-th candle closed by the last <see cref="AddTrade"/> that returned
    /// <see cref="AddResult.Closed"/>: 0 is the candle that was open, 1.. are flat gap candles.
    /// </summary>
    public Candle GetClosed(long index)
    {
        if (index == 0)
        {
            return _pendingFirst;
        }

        var bucket = _pendingGapStart + index - 1;
        var c = _pendingFirst.Close;
        return new Candle(bucket * _intervalNs, (bucket + 1) * _intervalNs, c, c, c, c, 0, 0, 0);
    }

    /// <summary>Forgets the open candle.</summary>
    public void Reset() => _open = false;

    private void Open(long bucket, double price, double quantity, bool buyerIsMaker)
    {
        _open = true;
        _bucket = bucket;
        _o = _h = _l = _c = price;
        _v = quantity;
        _buyV = buyerIsMaker ? 0 : quantity;
        _trades = 1;
    }

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
