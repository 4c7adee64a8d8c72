using System.Runtime.CompilerServices;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Features;

/// <summary>
/// The one feature library of training and serving: turns a sequence of normalized input events into
/// feature vectors of <see cref="FeatureSchemas.Current"/>, one per closed candle per symbol. The features
/// stage and the trainer both call <see cref="Process"/>, so a model sees exactly the bytes it was trained on.
/// </summary>
/// <remarks>
/// Not thread-safe: one instance per consumer thread. Pure function of the event sequence (no clock, no
/// randomness). Allocation-free after construction. Bad input is refused with a counter, never guessed.
/// </remarks>
public sealed class FeatureEngine
{
    private readonly FeatureOptions _options;
    private readonly SymbolState[] _symbols;

    /// <summary>Creates an engine for symbol ids 0..<paramref name="symbolCount"/>−1.</summary>
    public FeatureEngine(FeatureOptions options, int symbolCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(symbolCount);
        _options = options;
        _symbols = new SymbolState[symbolCount];
        for (var i = 0; i < symbolCount; i++)
        {
            _symbols[i] = new SymbolState(options.CandleIntervalNs);
        }
    }

    /// <summary>The schema of the vectors produced.</summary>
    public FeatureSchema Schema => FeatureSchemas.Current;

    /// <summary>Counters (refusals by reason, vectors, candles).</summary>
    public FeatureCounters Counters { get; } = new();

    /// <summary>Real (traded) candles closed so far for <paramref name="symbolId"/>; gap-filled flat candles are not counted.</summary>
    public long CandleCount(ushort symbolId) => _symbols[symbolId].CandleCount;

    /// <summary>False while the local order book of <paramref name="symbolId"/> is known to be unusable (a gap, or
    /// resyncing); true once it is in sync again, and for a symbol whose feed never reported a book state.</summary>
    public bool BookUsable(ushort symbolId) => !_symbols[symbolId].BookUnusable;

    /// <summary>The last real candle closed for <paramref name="symbolId"/> (default before the first).</summary>
    public Candle LastCandle(ushort symbolId) => _symbols[symbolId].LastCandle;

    /// <summary>
    /// Consumes one event. Returns true when it closed a candle of its symbol and a complete vector was
    /// written to <paramref name="features"/> (length ≥ <see cref="FeatureSchema.Count"/>), stamped with
    /// the candle's close time. Returns false otherwise (nothing written).
    /// </summary>
    public bool Process(in InputEvent e, Span<float> features, out long candleCloseTimeNs)
    {
        candleCloseTimeNs = 0;
        if (e.Kind == InputKind.FeedState)
        {
            OnFeedState(in e);
            return false;
        }

        if (e.Kind is not (InputKind.Trade or InputKind.AggTrade or InputKind.BookTicker or InputKind.BookUpdate or InputKind.MarkPrice))
        {
            return false;
        }

        if (!e.Valid)
        {
            Counters.IncNotValid();
            return false;
        }

        if (e.SymbolId >= _symbols.Length)
        {
            Counters.IncUnknownSymbol();
            return false;
        }

        if (e.ExchangeTimeNs <= 0)
        {
            // Candles and staleness are judged on exchange time; an event without one cannot be placed.
            Counters.IncBadValue();
            return false;
        }

        var s = _symbols[e.SymbolId];
        switch (e.Kind)
        {
            case InputKind.Trade:
            case InputKind.AggTrade:
                return OnTrade(s, in e, features, out candleCloseTimeNs);
            case InputKind.BookTicker:
            case InputKind.BookUpdate:
                OnBook(s, in e);
                return false;
            default:
                OnMark(s, in e);
                return false;
        }
    }

    private bool OnTrade(SymbolState s, in InputEvent e, Span<float> features, out long closeTimeNs)
    {
        closeTimeNs = 0;
        if (e.Price.Raw <= 0 || e.Quantity.Raw < 0)
        {
            Counters.IncBadValue();
            return false;
        }

        var result = s.Builder.AddTrade(e.ExchangeTimeNs, e.Price.ToDouble(), e.Quantity.ToDouble(), (e.Flags & 1) != 0, _options.MaxGapCandles, out var closed, out var gapTooLong);
        if (result == CandleBuilder.AddResult.OutOfOrder)
        {
            Counters.IncOutOfOrder();
            return false;
        }

        if (result == CandleBuilder.AddResult.Added)
        {
            return false;
        }

        var candle = s.Builder.GetClosed(0);
        s.LastCandle = candle;
        s.CandleCount++;
        s.Indicators.Add(in candle);
        Counters.IncCandles();
        if (gapTooLong)
        {
            // The gap is longer than we are willing to fill: restart warm-up rather than invent history.
            s.Indicators.Reset();
            Counters.IncGapResets();
            return false;
        }

        for (long i = 1; i < closed; i++)
        {
            candle = s.Builder.GetClosed(i);
            s.Indicators.Add(in candle);
            Counters.IncCandles();
        }

        closeTimeNs = candle.CloseTimeNs;
        return TryWrite(s, closeTimeNs, features);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryWrite(SymbolState s, long closeTimeNs, Span<float> f)
    {
        if (!s.Indicators.IsReady)
        {
            Counters.IncWarmingUp();
            return false;
        }

        if (s.BookUnusable)
        {
            // Fail closed: after a depth gap nothing about the symbol's book can be trusted until it is resynced.
            Counters.IncBookUnusable();
            return false;
        }

        // The book as of the candle close, not as of the closing trade's arrival (no look-ahead past the close).
        var hasBook = s.Book.TryGetAsOf(closeTimeNs, out var bookTimeNs, out var imbalance, out var spreadBps);
        if (_options.RequireBook && (!hasBook || closeTimeNs - bookTimeNs > _options.MaxBookAgeNs))
        {
            Counters.IncStaleBook();
            return false;
        }

        // Funding likewise: the last markPrice rate at or before the close. A rate once held but dropped from the
        // history is never replaced by zero, even when funding is not required.
        var funding = s.Funding.TryGetAsOf(closeTimeNs, out var fundingTimeNs, out var fundingRate);
        var hasFunding = funding == FundingHistory.AsOf.Found;
        if (funding == FundingHistory.AsOf.Dropped
            || (_options.RequireFunding && (!hasFunding || closeTimeNs - fundingTimeNs > _options.MaxFundingAgeNs)))
        {
            Counters.IncStaleFunding();
            return false;
        }

        s.Indicators.Write(f);
        f[FeatureIndex.BookImbalance] = hasBook ? (float)imbalance : 0f;
        f[FeatureIndex.SpreadBps] = hasBook ? (float)spreadBps : 0f;
        f[FeatureIndex.FundingRate] = hasFunding ? (float)fundingRate : 0f;
        for (var i = 0; i < FeatureIndex.Count; i++)
        {
            if (!float.IsFinite(f[i]))
            {
                // A non-finite feature would poison every model downstream: refuse the vector.
                Counters.IncBadValue();
                return false;
            }
        }

        Counters.IncVectors();
        return true;
    }

    private void OnBook(SymbolState s, in InputEvent e)
    {
        var bid = e.BidPrice.Raw;
        var ask = e.AskPrice.Raw;
        var bidQty = e.BidQuantity.Raw;
        var askQty = e.AskQuantity.Raw;
        if (bid <= 0 || ask <= 0 || bid >= ask || bidQty < 0 || askQty < 0 || bidQty + askQty <= 0)
        {
            Counters.IncBadValue();
            return;
        }

        var b = e.BidPrice.ToDouble();
        var a = e.AskPrice.ToDouble();
        var bq = e.BidQuantity.ToDouble();
        var aq = e.AskQuantity.ToDouble();
        if (!s.Book.Add(e.ExchangeTimeNs, (bq - aq) / (bq + aq), (a - b) / ((a + b) * 0.5) * 1e4))
        {
            // Older than the top already held (bookTicker and depth interleave): superseded, not an error.
            Counters.IncBookSuperseded();
        }
    }

    // Design:
    //   The book state arrives as journaled FeedState events (from the gateway's BookSynchronizer, live or from a
    //   capture), so refusing vectors on it is a pure function of the input sequence and replays identically.
    //   Candles keep being built from trades meanwhile (their continuity does not depend on the book); only the
    //   vectors are withheld. Connection states (Stale, Disconnected) are left to the gate: a disconnect that loses
    //   diffs is followed by BookResyncing from the synchronizer's reset.
    private void OnFeedState(in InputEvent e)
    {
        if (e.SymbolId >= _symbols.Length)
        {
            Counters.IncUnknownSymbol();
            return;
        }

        switch ((FeedStateCode)e.Code)
        {
            case FeedStateCode.BookGap:
            case FeedStateCode.BookResyncing:
            case FeedStateCode.BufferOverflow:
                _symbols[e.SymbolId].BookUnusable = true;
                break;
            case FeedStateCode.BookInSync:
                _symbols[e.SymbolId].BookUnusable = false;
                break;
        }
    }

    private void OnMark(SymbolState s, in InputEvent e)
    {
        if (e.Price.Raw <= 0)
        {
            Counters.IncBadValue();
            return;
        }

        if (!s.Funding.Add(e.ExchangeTimeNs, e.Aux0 / 1e8))
        {
            // Older than the rate already held: superseded, not an error.
            Counters.IncFundingSuperseded();
        }
    }

    private sealed class SymbolState
    {
        public SymbolState(long intervalNs)
        {
            Builder = new CandleBuilder(intervalNs);
            Book = new BookHistory(intervalNs);
            Funding = new FundingHistory(intervalNs);
        }

        public CandleBuilder Builder { get; }

        public CandleIndicators Indicators { get; } = new();

        public Candle LastCandle { get; set; }

        public long CandleCount { get; set; }

        public BookHistory Book { get; }

        public FundingHistory Funding { get; }

        public bool BookUnusable { get; set; }
    }
}
