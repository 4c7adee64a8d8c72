using QuantumTrader.Stages.Features;
using QuantumTrader.Model;
using QuantumTrader.Testing.Features;
using Xunit;

namespace QuantumTrader.Stages.Tests.Features;

public sealed class FeatureEngineTests
{
    private static readonly CandleSeries Series = new(11, 260);

    [Fact]
    public void Process_TradesOfKnownCandles_EveryFeatureMatchesIndependentReference()
    {
        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var vectors = Run(engine, CandleEvents.Build(Series));

        // EMA 200 is the longest warm-up: the first vector describes candle 199; the last candle never closes.
        Assert.Equal(Series.Count - 1 - 199, vectors.Count);
        for (var v = 0; v < vectors.Count; v++)
        {
            var k = 199 + v;
            Assert.Equal(CandleEvents.Start + ((k + 1) * CandleEvents.Minute), vectors[v].TimeNs);
            var expected = Reference(Series, k);
            for (var f = 0; f < FeatureIndex.Count; f++)
            {
                var actual = vectors[v].Features[f];
                var tolerance = 1e-6 + (1e-5 * Math.Abs(expected[f]));
                Assert.True(Math.Abs(actual - expected[f]) <= tolerance, $"candle {k} feature {FeatureSchemas.Current.Names[f]}: expected {expected[f]}, got {actual}");
            }
        }

        Assert.Equal(vectors.Count, engine.Counters.Vectors);
        Assert.Equal(199, engine.Counters.WarmingUp);
    }

    [Fact]
    public void Process_SameEventsTwice_ProducesIdenticalBytes()
    {
        var events = CandleEvents.Build(Series);
        var a = Run(new FeatureEngine(new FeatureOptions(), 1), events);
        var b = Run(new FeatureEngine(new FeatureOptions(), 1), events);

        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Features, b[i].Features);
        }
    }

    [Fact]
    public void Process_NoBookTicker_NoVectorAndCountedAsStaleBook()
    {
        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var vectors = Run(engine, CandleEvents.Build(Series, book: false));

        Assert.Empty(vectors);
        Assert.Equal(Series.Count - 1 - 199, engine.Counters.StaleBook);
    }

    [Fact]
    public void Process_NoMarkPrice_NoVectorAndCountedAsStaleFunding()
    {
        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var vectors = Run(engine, CandleEvents.Build(Series, funding: false));

        Assert.Empty(vectors);
        Assert.Equal(Series.Count - 1 - 199, engine.Counters.StaleFunding);
    }

    [Fact]
    public void Process_BookAndFundingNotRequired_ProducesVectorsWithZerosThere()
    {
        var engine = new FeatureEngine(new FeatureOptions { RequireBook = false, RequireFunding = false }, 1);
        var vectors = Run(engine, CandleEvents.Build(Series, book: false, funding: false));

        Assert.Equal(Series.Count - 1 - 199, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(0f, v.Features[FeatureIndex.SpreadBps]));
    }

    [Fact]
    public void Process_InvalidOrUnknownOrBadEvents_RefusedWithReasonCounters()
    {
        var engine = new FeatureEngine(new FeatureOptions(), 2);
        var buffer = new float[FeatureBuffer.Capacity];
        var notValid = CandleEvents.Trade(0, CandleEvents.Start, 100, 1, false);
        notValid.Valid = false;
        var unknown = CandleEvents.Trade(5, CandleEvents.Start, 100, 1, false);
        var zeroPrice = CandleEvents.Trade(0, CandleEvents.Start, 100, 1, false);
        zeroPrice.Price = new Price(0);
        var crossed = new InputEvent
        {
            Kind = InputKind.BookTicker,
            Valid = true,
            BidPrice = Price.FromDecimal(101m),
            AskPrice = Price.FromDecimal(100m),
            BidQuantity = Quantity.FromDecimal(1m),
            AskQuantity = Quantity.FromDecimal(1m),
        };

        crossed.ExchangeTimeNs = CandleEvents.Start;
        var noTime = CandleEvents.Trade(0, 0, 100, 1, false);

        foreach (var e in new[] { notValid, unknown, zeroPrice, crossed, noTime })
        {
            Assert.False(engine.Process(in e, buffer, out _));
        }

        Assert.Equal(1, engine.Counters.NotValid);
        Assert.Equal(1, engine.Counters.UnknownSymbol);
        Assert.Equal(3, engine.Counters.BadValue);
        Assert.Equal(0, engine.CandleCount(0));
    }

    [Fact]
    public void Process_TradeOlderThanOpenCandle_CountedOutOfOrderAndIgnored()
    {
        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var buffer = new float[FeatureBuffer.Capacity];
        var first = CandleEvents.Trade(0, CandleEvents.Start + CandleEvents.Minute, 100, 1, false);
        var late = CandleEvents.Trade(0, CandleEvents.Start, 90, 1, false);
        engine.Process(in first, buffer, out _);
        engine.Process(in late, buffer, out _);

        Assert.Equal(1, engine.Counters.OutOfOrder);
    }

    [Fact]
    public void Process_GapLongerThanMaximum_RestartsWarmUp()
    {
        var options = new FeatureOptions { MaxGapCandles = 3 };
        var engine = new FeatureEngine(options, 1);
        var events = CandleEvents.Build(Series);
        var gapped = new List<InputEvent>();
        foreach (var e in events)
        {
            var copy = e;
            if (e.ExchangeTimeNs >= CandleEvents.Start + (230 * CandleEvents.Minute))
            {
                copy.ExchangeTimeNs += 10 * CandleEvents.Minute; // 10 empty minutes after candle 229
            }

            gapped.Add(copy);
        }

        var vectors = Run(engine, gapped);

        Assert.Equal(1, engine.Counters.GapResets);
        // Candles 199..228 give vectors. Candle 229 is closed only by the trade after the gap, 10 minutes late:
        // its vector would be stale, so none is emitted; then warm-up restarts (200 candles, never reached here).
        Assert.Equal(229 - 199, vectors.Count);
    }

    [Fact]
    public void Process_BookGapUntilInSync_NoVectorsMeanwhileCountedAsBookUnusable()
    {
        var engine = new FeatureEngine(new FeatureOptions(), 1);
        var events = new List<InputEvent>();
        foreach (var e in CandleEvents.Build(Series))
        {
            events.Add(e);
            if (e.ExchangeTimeNs == CandleEvents.Start + (220 * CandleEvents.Minute) + CandleEvents.Second)
            {
                // Right after the trade that closed candle 219: the depth stream breaks and the book resyncs.
                events.Add(FeedState(FeedStateCode.BookGap, e.ExchangeTimeNs));
                events.Add(FeedState(FeedStateCode.BookResyncing, e.ExchangeTimeNs));
            }
            else if (e.ExchangeTimeNs == CandleEvents.Start + (240 * CandleEvents.Minute) + CandleEvents.Second)
            {
                events.Add(FeedState(FeedStateCode.BookInSync, e.ExchangeTimeNs)); // after candle 239 closed
            }
        }

        var vectors = Run(engine, events);

        // Candles 199..219 and 240..258 give vectors; 220..239 closed while the book was unusable.
        Assert.Equal((219 - 199 + 1) + (258 - 240 + 1), vectors.Count);
        Assert.Equal(239 - 220 + 1, engine.Counters.BookUnusable);
        Assert.Equal(CandleEvents.Start + (220 * CandleEvents.Minute), vectors[20].TimeNs);
        Assert.Equal(CandleEvents.Start + (241 * CandleEvents.Minute), vectors[21].TimeNs);
        Assert.True(engine.BookUsable(0));
    }

    private static InputEvent FeedState(FeedStateCode code, long exchangeTimeNs)
        => new() { Kind = InputKind.FeedState, Code = (ushort)code, SymbolId = 0, ExchangeTimeNs = exchangeTimeNs, Valid = true };

    internal static List<(long TimeNs, float[] Features)> Run(FeatureEngine engine, List<InputEvent> events)
    {
        var result = new List<(long, float[])>();
        var buffer = new float[FeatureBuffer.Capacity];
        foreach (var e in events)
        {
            if (engine.Process(in e, buffer, out var t))
            {
                result.Add((t, buffer[..FeatureIndex.Count]));
            }
        }

        return result;
    }

    private static double[] Reference(CandleSeries s, int k)
    {
        var f = ReferenceFeatures.Reference(s, k);
        var bq = CandleEvents.BidQty(k);
        var aq = CandleEvents.AskQty(k);
        f[FeatureIndex.BookImbalance] = (bq - aq) / (bq + aq);
        var bid = CandleEvents.Bid(s, k);
        var ask = CandleEvents.Ask(s, k);
        f[FeatureIndex.SpreadBps] = (ask - bid) / ((ask + bid) / 2) * 1e4;
        f[FeatureIndex.FundingRate] = CandleEvents.Funding(k);
        return f;
    }
}
