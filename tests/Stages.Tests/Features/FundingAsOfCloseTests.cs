using QuantumTrader.Stages.Features;
using QuantumTrader.Model;
using QuantumTrader.Testing.Features;
using Xunit;

namespace QuantumTrader.Stages.Tests.Features;

/// <summary>
/// Schema v3's funding rule: funding_rate of a closed candle comes from the last markPrice whose exchange time
/// is at or before the candle close, never from a markPrice stamped after the close but arriving before the
/// closing trade. <see cref="CandleEvents"/> stamps candle k's markPrice at +40 s (20 s before its close).
/// </summary>
public sealed class FundingAsOfCloseTests
{
    private const long Minute = CandleEvents.Minute;
    private const long Second = CandleEvents.Second;
    private const long Millisecond = 1_000_000L;
    private const double Injected = 0.00777; // no CandleEvents.Funding(i) value is near it
    private static readonly CandleSeries Series = new(11, 240);

    [Fact]
    public void Process_MarkPriceAfterCloseBeforeClosingTrade_NotSeen()
    {
        const int k = 220;
        var events = CandleEvents.Build(Series);
        var close = CloseOf(k);
        Insert(events, ClosingTrade(events, k), Mark(close + (500 * Millisecond), Injected)); // +0.5 s after the close

        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var vectors = FeatureEngineTests.Run(engine, events);

        Assert.Equal((float)CandleEvents.Funding(k), VectorAt(vectors, close)[FeatureIndex.FundingRate], 7);

        // Candle k+1's own markPrice (+40 s) replaces the injected rate before the next close: it is seen nowhere.
        Assert.DoesNotContain(vectors, v => Math.Abs(v.Features[FeatureIndex.FundingRate] - (float)Injected) < 1e-7);
    }

    [Fact]
    public void Process_MarkPriceExactlyAtClose_Seen()
    {
        const int k = 220;
        var events = CandleEvents.Build(Series);
        var close = CloseOf(k);
        Insert(events, ClosingTrade(events, k), Mark(close, Injected));

        var vector = VectorAt(FeatureEngineTests.Run(new FeatureEngine(new FeatureOptions(), 1), events), close);

        Assert.Equal((float)Injected, vector[FeatureIndex.FundingRate], 7);
    }

    [Fact]
    public void Process_MarkPriceOneNanosecondAfterClose_NotSeen()
    {
        const int k = 220;
        var events = CandleEvents.Build(Series);
        var close = CloseOf(k);
        Insert(events, ClosingTrade(events, k), Mark(close + 1, Injected));

        var vector = VectorAt(FeatureEngineTests.Run(new FeatureEngine(new FeatureOptions(), 1), events), close);

        Assert.Equal((float)CandleEvents.Funding(k), vector[FeatureIndex.FundingRate], 7);
    }

    [Fact]
    public void Process_MarkPriceOlderThanHeldRate_IgnoredAndCounted()
    {
        const int k = 220;
        var events = CandleEvents.Build(Series);
        var close = CloseOf(k);

        // After candle k's +40 s markPrice, one stamped +30 s arrives late: it does not replace the held rate.
        Insert(events, ClosingTrade(events, k), Mark(close - (30 * Second), Injected));
        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var vector = VectorAt(FeatureEngineTests.Run(engine, events), close);

        Assert.Equal((float)CandleEvents.Funding(k), vector[FeatureIndex.FundingRate], 7);
        Assert.Equal(1, engine.Counters.FundingSuperseded);
        Assert.Equal(0, engine.Counters.BadValue);
    }

    [Fact]
    public void Process_MarkPriceWithSameTimeAsHeldRate_LaterArrivalWins()
    {
        const int k = 220;
        var events = CandleEvents.Build(Series);
        var close = CloseOf(k);
        Insert(events, ClosingTrade(events, k), Mark(close - (20 * Second), Injected)); // same time as candle k's markPrice

        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var vector = VectorAt(FeatureEngineTests.Run(engine, events), close);

        Assert.Equal((float)Injected, vector[FeatureIndex.FundingRate], 7);
        Assert.Equal(0, engine.Counters.FundingSuperseded);
    }

    [Fact]
    public void Process_RateAsOfCloseStaleButNewerRateAfterClose_NoVectorCountedStaleFunding()
    {
        const int k = 220;
        var events = CandleEvents.Build(Series);
        var close = CloseOf(k);
        Insert(events, ClosingTrade(events, k), Mark(close + (100 * Millisecond), Injected));

        // The rate as of each close is 20 s old; a limit of 10 s refuses it even though a fresh rate arrived later.
        var engine = new FeatureEngine(new FeatureOptions { MaxFundingAgeNs = 10 * Second }, 1);
        var vectors = FeatureEngineTests.Run(engine, events);

        Assert.Empty(vectors);
        Assert.Equal(Series.Count - 1 - 199, engine.Counters.StaleFunding);
    }

    [Fact]
    public void Process_RateAsOfCloseWithinMaxAge_VectorProduced()
    {
        // Counterpart of the stale case: the same 20 s old rate passes a 20 s limit (age = limit is accepted).
        var engine = new FeatureEngine(new FeatureOptions { MaxFundingAgeNs = 20 * Second }, 1);
        var vectors = FeatureEngineTests.Run(engine, CandleEvents.Build(Series));

        Assert.Equal(Series.Count - 1 - 199, vectors.Count);
        Assert.Equal(0, engine.Counters.StaleFunding);
    }

    [Fact]
    public void Process_SeveralCandlesCloseAtOnce_LastFlatCandleTakesRateAsOfItsOwnClose()
    {
        // No trades in candles 221..223 (their book tops and mark prices stay): the first trade of candle 224
        // closes 220 and the flat candles 221..223 at once; the vector is candle 223's, with candle 223's rate.
        var events = CandleEvents.Build(Series).Where(e => !(e.Kind == InputKind.Trade
            && e.ExchangeTimeNs >= CandleEvents.Start + (221 * Minute) && e.ExchangeTimeNs < CandleEvents.Start + (224 * Minute))).ToList();
        var close = CloseOf(223);
        Insert(events, ClosingTrade(events, 223), Mark(close + (200 * Millisecond), Injected));

        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var vectors = FeatureEngineTests.Run(engine, events);

        Assert.DoesNotContain(vectors, v => v.TimeNs == CloseOf(220));
        Assert.Equal((float)CandleEvents.Funding(223), VectorAt(vectors, close)[FeatureIndex.FundingRate], 7);
    }

    [Theory]
    [InlineData(FundingHistory.Depth - 1, true, true)]
    [InlineData(FundingHistory.Depth, false, true)]
    [InlineData(FundingHistory.Depth, false, false)]
    public void Process_MarkPriceRunsBoundariesAheadOfClosingTrade_AnswersWhileKeptElseFailsClosed(int boundariesAhead, bool expectVector, bool requireFunding)
    {
        const int k = 220;
        var close = CloseOf(k);
        var events = CandleEvents.Build(Series).Where(e => e.ExchangeTimeNs < close + Second).ToList();
        for (var j = 0; j < boundariesAhead; j++)
        {
            events.Add(Mark(close + (j * Minute) + Second, Injected)); // each in a later candle
        }

        events.Add(CandleEvents.Trade(0, close + Second, Series.Close[k + 1], 1, buyerIsMaker: false));

        // Not requiring funding does not make a dropped answer zero: that would be a guess.
        var engine = new FeatureEngine(new FeatureOptions { RequireFunding = requireFunding }, 1);
        var vectors = FeatureEngineTests.Run(engine, events);

        Assert.Equal(expectVector, vectors.Exists(v => v.TimeNs == close));
        if (expectVector)
        {
            Assert.Equal((float)CandleEvents.Funding(k), VectorAt(vectors, close)[FeatureIndex.FundingRate], 7);
        }
        else
        {
            Assert.Equal(1, engine.Counters.StaleFunding);
        }
    }

    [Fact]
    public void Process_FundingNotRequiredAndOnlyRateAfterClose_ZeroNotTheLaterRate()
    {
        // No markPrice at all before the close of candle k: the one stamped after it is not used, the feature is 0.
        const int k = 220;
        var events = CandleEvents.Build(Series, funding: false);
        var close = CloseOf(k);
        Insert(events, ClosingTrade(events, k), Mark(close + (500 * Millisecond), Injected));

        var engine = new FeatureEngine(new FeatureOptions { RequireFunding = false }, 1);
        var vectors = FeatureEngineTests.Run(engine, events);

        Assert.Equal(0f, VectorAt(vectors, close)[FeatureIndex.FundingRate]);
        Assert.Equal((float)Injected, VectorAt(vectors, CloseOf(k + 1))[FeatureIndex.FundingRate], 7);
    }

    [Fact]
    public void Process_MarkPriceOfOtherSymbol_NotSeen()
    {
        const int k = 220;
        var events = CandleEvents.Build(Series);
        var close = CloseOf(k);
        Insert(events, ClosingTrade(events, k), Mark(close - Second, Injected, symbolId: 1));

        var vector = VectorAt(FeatureEngineTests.Run(new FeatureEngine(new FeatureOptions(), 2), events), close);

        Assert.Equal((float)CandleEvents.Funding(k), vector[FeatureIndex.FundingRate], 7);
    }

    [Fact]
    public void TryGetAsOf_EveryRateNewerThanBoundary_NoneUntilDroppedThenDropped()
    {
        var history = new FundingHistory(Minute);
        Assert.Equal(FundingHistory.AsOf.None, history.TryGetAsOf(10 * Minute, out _, out _));

        for (var j = 0; j < FundingHistory.Depth; j++)
        {
            Assert.True(history.Add((10 * Minute) + (j * Minute) + Second, j * 1e-5));
        }

        Assert.Equal(FundingHistory.AsOf.None, history.TryGetAsOf(10 * Minute, out _, out _));
        Assert.Equal(FundingHistory.AsOf.Found, history.TryGetAsOf(12 * Minute, out var time, out var rate));
        Assert.Equal((11 * Minute) + Second, time);
        Assert.Equal(1e-5, rate);

        Assert.True(history.Add((10 * Minute) + (FundingHistory.Depth * Minute) + Second, 0));
        Assert.Equal(FundingHistory.AsOf.Dropped, history.TryGetAsOf(11 * Minute, out _, out _));
        Assert.False(history.Add(Second, 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Process_JitteredMarkPriceStream_EveryRateMatchesIndependentReference(int seed)
    {
        // Thirty markPrice events per candle (about one every 2 s) at seeded random times, each arriving up to
        // 1.5 s late: some arrive out of time order, and some stamped just after a close arrive before the closing trade.
        var rng = new Random(seed);
        var keyed = new List<(long ArrivalNs, int Order, InputEvent Event)>();
        foreach (var e in CandleEvents.Build(Series, funding: false))
        {
            keyed.Add((e.ExchangeTimeNs, keyed.Count, e));
        }

        for (var i = 0; i < Series.Count; i++)
        {
            for (var j = 0; j < 30; j++)
            {
                var time = CandleEvents.Start + (i * Minute) + (long)(rng.NextDouble() * 62 * Second);
                var rate = (rng.Next(-500, 501)) * 1e-6;
                keyed.Add((time + (long)(rng.NextDouble() * 1.5 * Second), keyed.Count, Mark(time, rate)));
            }
        }

        keyed.Sort((a, b) => a.ArrivalNs != b.ArrivalNs ? a.ArrivalNs.CompareTo(b.ArrivalNs) : a.Order.CompareTo(b.Order));
        var events = keyed.ConvertAll(k => k.Event);
        var reference = new ReferenceFunding(events);

        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var features = new float[FeatureIndex.Count];
        int vectors = 0, differsFromLatest = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!engine.Process(in e, features, out var closeNs))
            {
                continue;
            }

            vectors++;
            var expected = reference.AsOf(closeNs, arrivedBefore: i);
            Assert.True(expected.HasValue, $"a vector at {closeNs} although no rate was at or before it");
            Assert.Equal((float)expected.Value.Rate, features[FeatureIndex.FundingRate]);
            if (reference.LatestArrived(i)!.Value.Rate != expected.Value.Rate)
            {
                differsFromLatest++;
            }
        }

        Assert.Equal(Series.Count - 1 - 199, vectors);
        Assert.Equal(reference.Superseded, engine.Counters.FundingSuperseded);
        Assert.True(reference.Superseded > 0, "the jitter should make some markPrice events arrive out of order");
        Assert.True(differsFromLatest > 0, "the stream should have closes where the latest arrived rate is newer than the close");
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

    private static InputEvent Mark(long timeNs, double rate, ushort symbolId = 0) => new()
    {
        Kind = InputKind.MarkPrice,
        SymbolId = symbolId,
        ExchangeTimeNs = timeNs,
        Price = Price.FromDecimal(100m),
        Aux0 = (long)Math.Round(rate * 1e8),
        Valid = true,
    };
}
