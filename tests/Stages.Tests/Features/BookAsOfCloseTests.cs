using QuantumTrader.Stages.Features;
using QuantumTrader.Model;
using QuantumTrader.Testing.Features;
using Xunit;

namespace QuantumTrader.Stages.Tests.Features;

/// <summary>
/// Schema v2's book rule: book_imbalance and spread_bps of a closed candle come from the last book top whose
/// exchange time is at or before the candle close, never from a top that changed after the close but
/// before the closing trade arrived.
/// </summary>
public sealed class BookAsOfCloseTests
{
    private const long Minute = CandleEvents.Minute;
    private const long Second = CandleEvents.Second;
    private static readonly CandleSeries Series = new(11, 240);

    [Fact]
    public void Process_BookChangesAfterCloseBeforeClosingTrade_ChangeNotSeen()
    {
        const int k = 220;
        var events = CandleEvents.Build(Series);
        var close = CloseOf(k);
        Insert(events, ClosingTrade(events, k), Book(close + (500 * 1_000_000L), bidQty: 9, askQty: 1)); // +0.5 s after the close

        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var vector = VectorAt(FeatureEngineTests.Run(engine, events), close);

        Assert.Equal(ExpectedImbalance(k), vector[FeatureIndex.BookImbalance], 6);
        Assert.Equal(ExpectedSpread(k), vector[FeatureIndex.SpreadBps], 4);
        Assert.NotEqual(0.8f, vector[FeatureIndex.BookImbalance], 3);
    }

    [Fact]
    public void Process_BookChangesExactlyAtClose_ChangeSeen()
    {
        const int k = 220;
        var events = CandleEvents.Build(Series);
        var close = CloseOf(k);
        Insert(events, ClosingTrade(events, k), Book(close, bidQty: 9, askQty: 1));

        var vector = VectorAt(FeatureEngineTests.Run(new FeatureEngine(new FeatureOptions(), 1), events), close);

        Assert.Equal(0.8f, vector[FeatureIndex.BookImbalance], 6);
    }

    [Fact]
    public void Process_BookEventOlderThanHeldTop_IgnoredAndCounted()
    {
        const int k = 220;
        var events = CandleEvents.Build(Series);
        var close = CloseOf(k);

        // After the +30 s top of candle k, a top stamped +20 s arrives late (another stream): it does not replace it.
        Insert(events, ClosingTrade(events, k), Book(close - (40 * Second), bidQty: 9, askQty: 1));
        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var vector = VectorAt(FeatureEngineTests.Run(engine, events), close);

        Assert.Equal(ExpectedImbalance(k), vector[FeatureIndex.BookImbalance], 6);
        Assert.Equal(1, engine.Counters.BookSuperseded);
    }

    [Fact]
    public void Process_TopAsOfCloseStaleButNewerTopAfterClose_NoVectorCountedStaleBook()
    {
        const int k = 220;
        var events = CandleEvents.Build(Series);
        var close = CloseOf(k);
        Insert(events, ClosingTrade(events, k), Book(close + (100 * 1_000_000L), bidQty: 9, askQty: 1));

        // The top as of each close is 30 s old; a limit of 20 s refuses it even though a fresh top arrived later.
        var engine = new FeatureEngine(new FeatureOptions { MaxBookAgeNs = 20 * Second }, 1);
        var vectors = FeatureEngineTests.Run(engine, events);

        Assert.Empty(vectors);
        Assert.Equal(Series.Count - 1 - 199, engine.Counters.StaleBook);
    }

    [Fact]
    public void Process_SeveralCandlesCloseAtOnce_LastFlatCandleTakesTopAsOfItsOwnClose()
    {
        // No trades in candles 221..223 (their book tops and mark prices stay): the first trade of candle 224
        // closes 220 and the flat candles 221..223 at once; the vector is candle 223's, with candle 223's top.
        var events = CandleEvents.Build(Series).Where(e => !(e.Kind == InputKind.Trade
            && e.ExchangeTimeNs >= CandleEvents.Start + (221 * Minute) && e.ExchangeTimeNs < CandleEvents.Start + (224 * Minute))).ToList();
        var close = CloseOf(223);
        Insert(events, ClosingTrade(events, 223), Book(close + (200 * 1_000_000L), bidQty: 9, askQty: 1));

        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var vectors = FeatureEngineTests.Run(engine, events);
        var vector = VectorAt(vectors, close);

        Assert.DoesNotContain(vectors, v => v.TimeNs == CloseOf(220));
        Assert.Equal(ExpectedImbalance(223), vector[FeatureIndex.BookImbalance], 6);
        Assert.Equal(ExpectedSpread(223), vector[FeatureIndex.SpreadBps], 4);
    }

    [Theory]
    [InlineData(BookHistory.Depth - 1, true)]
    [InlineData(BookHistory.Depth, false)]
    public void Process_BookRunsBoundariesAheadOfClosingTrade_AnswersWhileKeptElseFailsClosed(int boundariesAhead, bool expectVector)
    {
        const int k = 220;
        var events = CandleEvents.Build(Series).Where(e => e.ExchangeTimeNs < CloseOf(k) + Second).ToList();
        var close = CloseOf(k);
        for (var j = 0; j < boundariesAhead; j++)
        {
            events.Add(Book(close + (j * Minute) + Second, bidQty: 9, askQty: 1)); // each in a later candle
        }

        events.Add(CandleEvents.Trade(0, close + Second, Series.Close[k + 1], 1, buyerIsMaker: false));
        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var vectors = FeatureEngineTests.Run(engine, events);

        Assert.Equal(expectVector, vectors.Exists(v => v.TimeNs == close));
        if (expectVector)
        {
            Assert.Equal(ExpectedImbalance(k), VectorAt(vectors, close)[FeatureIndex.BookImbalance], 6);
        }
        else
        {
            Assert.Equal(1, engine.Counters.StaleBook);
        }
    }

    private static long CloseOf(int k) => CandleEvents.Start + ((k + 1) * Minute);

    /// <summary>Index of the trade that closes candle <paramref name="k"/> (the first trade after its close).</summary>
    private static int ClosingTrade(List<InputEvent> events, int k) =>
        events.FindIndex(e => e.Kind == InputKind.Trade && e.ExchangeTimeNs >= CloseOf(k));

    private static void Insert(List<InputEvent> events, int index, InputEvent e)
    {
        Assert.True(index > 0, "closing trade not found");
        events.Insert(index, e);
    }

    private static float[] VectorAt(List<(long TimeNs, float[] Features)> vectors, long closeTimeNs)
    {
        var i = vectors.FindIndex(v => v.TimeNs == closeTimeNs);
        Assert.True(i >= 0, $"no vector for the close at {closeTimeNs}");
        return vectors[i].Features;
    }

    private static float ExpectedImbalance(int k) =>
        (float)((CandleEvents.BidQty(k) - CandleEvents.AskQty(k)) / (CandleEvents.BidQty(k) + CandleEvents.AskQty(k)));

    private static float ExpectedSpread(int k)
    {
        var bid = CandleEvents.Bid(Series, k);
        var ask = CandleEvents.Ask(Series, k);
        return (float)((ask - bid) / ((ask + bid) / 2) * 1e4);
    }

    private static InputEvent Book(long timeNs, double bidQty, double askQty) => new()
    {
        Kind = InputKind.BookTicker,
        SymbolId = 0,
        ExchangeTimeNs = timeNs,
        BidPrice = Price.FromDecimal(100m),
        AskPrice = Price.FromDecimal(100.02m),
        BidQuantity = Quantity.FromDecimal((decimal)bidQty),
        AskQuantity = Quantity.FromDecimal((decimal)askQty),
        Valid = true,
    };
}
