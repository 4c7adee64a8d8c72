using QuantumTrader.Runtime.Sources;
using QuantumTrader.Testing.Sources;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Replay;
using QuantumTrader.Stages.Features;
using QuantumTrader.Model;
using QuantumTrader.Testing;
using QuantumTrader.Testing.Features;
using Xunit;

namespace QuantumTrader.Integration.Tests.Features;

/// <summary>
/// The serving <see cref="FeatureEngine"/> on the recorded BTCUSDT capture (parser, book sync and
/// normalization as in serving) against candles and features the test computes itself from the capture's
/// trades and book tops with the shared batch reference formulas.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RecordedFeatureTests
{
    private const long Second = 1_000_000_000L;
    private const int WarmUp = 199; // EMA 200: the first vector describes candle 199
    private static readonly string Capture = TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz");
    private static readonly Lazy<List<InputEvent>> Recorded = new(LoadEvents);
    private static FeatureOptions Options => new() { CandleIntervalNs = Second, RequireFunding = false, RequireBook = true };

    [Fact]
    public void Process_RecordedCapture_EveryVectorMatchesIndependentReference()
    {
        var events = Recorded.Value;
        var engine = new FeatureEngine(Options, SymbolCount(events));
        var actual = Run(engine, events);
        var expected = Reference(events);

        // 21,313 trades in 344 distinct seconds: 343 close, the last never does; 199 warm up.
        Assert.Equal(343 - WarmUp, expected.Count);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Empty(Mismatches(expected, actual));
        Assert.Equal(actual.Count, engine.Counters.Vectors);
        Assert.Equal(0, engine.Counters.BadValue + engine.Counters.OutOfOrder + engine.Counters.StaleBook);
        var book = new ReferenceBook(events);
        Assert.True(book.Superseded > 0, "the capture's bookTicker and depth streams interleave out of time order");
        Assert.Equal(book.Superseded, engine.Counters.BookSuperseded);
    }

    [Fact]
    public void Process_OneTradePricePerturbed_EngineFollowsAndOriginalReferenceNoLongerMatches()
    {
        var events = Recorded.Value;
        var first = FirstBucket(events);
        var target = events.FindLastIndex(e => e.Valid && e.Kind == InputKind.Trade && (e.ExchangeTimeNs / Second) - first == 250);
        var perturbed = new List<InputEvent>(events);
        var trade = perturbed[target];
        trade.Price = new Price(trade.Price.Raw + (trade.Price.Raw / 1000)); // the close of candle 250, +0.1 %
        perturbed[target] = trade;

        var actual = Run(new FeatureEngine(Options, SymbolCount(events)), perturbed);
        var mismatches = Mismatches(Reference(events), actual);

        Assert.Contains(mismatches, m => m.Contains($"({(first + 251) * Second}) ret_1", StringComparison.Ordinal));
        Assert.Empty(Mismatches(Reference(perturbed), actual));
    }

    [Fact]
    public void Process_BookTopAsOfClosePerturbed_EngineFollowsAndOriginalReferenceNoLongerMatches()
    {
        var events = Recorded.Value;
        var first = FirstBucket(events);
        var close = (first + 251) * Second; // the close of candle 250
        var closing = events.FindIndex(e => e.Valid && e.Kind == InputKind.Trade && e.ExchangeTimeNs >= close);
        var target = AcceptedTopAsOf(events, closing, close);
        var perturbed = new List<InputEvent>(events);
        var top = perturbed[target];
        top.BidQuantity = new Quantity(top.BidQuantity.Raw + top.AskQuantity.Raw + 1); // imbalance turns positive
        perturbed[target] = top;

        var actual = Run(new FeatureEngine(Options, SymbolCount(events)), perturbed);
        var mismatches = Mismatches(Reference(events), actual);

        Assert.Single(mismatches);
        Assert.Contains($"({close}) book_imbalance", mismatches[0], StringComparison.Ordinal);
        Assert.Empty(Mismatches(Reference(perturbed), actual));
    }

    [Fact]
    public void Process_BookChangesBetweenCloseAndClosingTrade_NotSeen()
    {
        var events = Recorded.Value;
        var perturbed = new List<InputEvent>(events);
        var openBucket = long.MinValue;
        var latest = -1; // index of the latest accepted top, in arrival order
        var latestTime = long.MinValue;
        var closes = 0;
        var affected = new List<long>();
        var turned = new HashSet<int>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Valid && e.Kind is InputKind.BookTicker or InputKind.BookUpdate && e.ExchangeTimeNs >= latestTime)
            {
                (latest, latestTime) = (i, e.ExchangeTimeNs);
                continue;
            }

            if (!e.Valid || e.Kind is not (InputKind.Trade or InputKind.AggTrade) || e.ExchangeTimeNs / Second == openBucket)
            {
                continue;
            }

            var close = e.ExchangeTimeNs / Second * Second;
            if (openBucket != long.MinValue)
            {
                closes++;
                if (latestTime > close)
                {
                    // The top the closing trade finds is newer than the close: turn its imbalance around.
                    affected.Add(close);
                    if (turned.Add(latest))
                    {
                        var top = perturbed[latest];
                        (top.BidQuantity, top.AskQuantity) = (new Quantity((top.AskQuantity.Raw * 7) + 1), top.BidQuantity);
                        perturbed[latest] = top;
                    }
                }
            }

            openBucket = e.ExchangeTimeNs / Second;
        }

        var actual = Run(new FeatureEngine(Options, SymbolCount(events)), perturbed);
        var atAffectedCloses = Mismatches(Reference(events), actual).Where(m => affected.Exists(c => m.Contains($"({c})", StringComparison.Ordinal))).ToList();

        // On this capture the top changes between the close and the closing trade for most closes; a vector
        // exists for every close from candle 199 on, so most affected closes carry one.
        Assert.Equal(343, closes);
        Assert.True(affected.Count > 200, $"only {affected.Count} closes see a later top");
        Assert.True(actual.Count(v => affected.Contains(v.TimeNs)) > 100);
        Assert.Empty(atAffectedCloses);
        Assert.Empty(Mismatches(Reference(perturbed), actual));
    }

    [Fact]
    public void Process_FiveSecondsWithoutTrades_FlatCandlesMatchReferenceAndOneVectorForTheGap()
    {
        var events = Recorded.Value;
        var first = FirstBucket(events);
        var gapped = events.Where(e => !(e.Kind == InputKind.Trade && (e.ExchangeTimeNs / Second) - first is >= 260 and < 265)).ToList();
        var engine = new FeatureEngine(Options, SymbolCount(events));

        var actual = Run(engine, gapped);
        var expected = Reference(gapped);

        // The trade that ends the gap closes candle 259 and the five flat candles 260..264: one vector, for 264.
        Assert.Equal(343 - WarmUp - 5, expected.Count);
        Assert.Contains(expected, v => v.TimeNs == (first + 265) * Second);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Empty(Mismatches(expected, actual));
        Assert.Equal(0, engine.Counters.GapResets);
    }

    private static long FirstBucket(List<InputEvent> events) => events.First(e => e.Valid && e.Kind == InputKind.Trade).ExchangeTimeNs / Second;

    /// <summary>Index of the accepted book top (times never go back) that is the last at or before <paramref name="closeNs"/>, among the events before <paramref name="end"/>.</summary>
    private static int AcceptedTopAsOf(List<InputEvent> events, int end, long closeNs)
    {
        var found = -1;
        var latestTime = long.MinValue;
        for (var i = 0; i < end; i++)
        {
            var e = events[i];
            if (e.Valid && e.Kind is InputKind.BookTicker or InputKind.BookUpdate && e.ExchangeTimeNs >= latestTime)
            {
                latestTime = e.ExchangeTimeNs;
                found = latestTime <= closeNs ? i : found;
            }
        }

        Assert.True(found >= 0, "no book top before the close");
        return found;
    }

    private static int SymbolCount(List<InputEvent> events) => events.Max(e => e.SymbolId) + 1;

    private static List<InputEvent> LoadEvents()
    {
        var config = ConfigLoader.LoadDefault().GetConfigOrThrow();
        var instruments = ConfigInstruments.BuildRegistry(config.Market, Venue.BinanceUsdM);
        return SourceEvents.Collect(new CaptureEventSource(Capture, instruments));
    }

    private static List<(long TimeNs, float[] Features)> Run(FeatureEngine engine, List<InputEvent> events)
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

    /// <summary>
    /// The vectors the definitions in docs/FEATURES.md call for, built without the engine's candle builder,
    /// indicators or book history: candles from the valid trades bucketed by exchange time into seconds (flat
    /// candles for empty seconds), one vector per trade that closes candles (for the last closed one) once 200
    /// candles exist, book features from <see cref="ReferenceBook.AsOf"/>: the last accepted top at or before
    /// that candle's close (schema v2) among those that arrived before the closing trade, searched over the
    /// whole history of tops.
    /// </summary>
    private static List<(long TimeNs, double[] Features)> Reference(List<InputEvent> events)
    {
        var trades = events.Where(e => e.Valid && e.Kind is InputKind.Trade or InputKind.AggTrade).ToList();
        var first = trades[0].ExchangeTimeNs / Second;
        var last = trades[^1].ExchangeTimeNs / Second;
        var n = (int)(last - first + 1);
        var open = new double[n];
        var high = new double[n];
        var low = new double[n];
        var close = new double[n];
        var volume = new double[n];
        var buy = new double[n];
        var traded = new bool[n];
        foreach (var t in trades)
        {
            var i = (int)((t.ExchangeTimeNs / Second) - first);
            var p = t.Price.ToDouble();
            var q = t.Quantity.ToDouble();
            if (!traded[i])
            {
                traded[i] = true;
                open[i] = high[i] = low[i] = p;
            }

            high[i] = Math.Max(high[i], p);
            low[i] = Math.Min(low[i], p);
            close[i] = p;
            volume[i] += q;
            buy[i] += (t.Flags & 1) == 0 ? q : 0;
        }

        for (var i = 1; i < n; i++)
        {
            if (!traded[i])
            {
                open[i] = high[i] = low[i] = close[i] = close[i - 1];
            }
        }

        var series = new CandleSeries(open, high, low, close, volume, buy);
        var result = new List<(long, double[])>();
        var book = new ReferenceBook(events);
        var openBucket = first;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!e.Valid || e.Kind is not (InputKind.Trade or InputKind.AggTrade))
            {
                continue;
            }

            var bucket = e.ExchangeTimeNs / Second;
            if (bucket == openBucket)
            {
                continue;
            }

            var k = (int)(bucket - 1 - first); // the last candle this trade closes
            openBucket = bucket;
            if (k < WarmUp)
            {
                continue;
            }

            var closeNs = (first + k + 1) * Second;
            var top = book.AsOf(closeNs, arrivedBefore: i);
            Assert.True(top.HasValue, "no book top at or before the close of the first vector");
            Assert.True(closeNs - top.Value.TimeNs <= Options.MaxBookAgeNs, "the reference expects no stale book on this capture");
            var f = ReferenceFeatures.Reference(series, k);
            f[FeatureIndex.BookImbalance] = top.Value.Imbalance;
            f[FeatureIndex.SpreadBps] = top.Value.SpreadBps;
            f[FeatureIndex.FundingRate] = 0; // RequireFunding = false and the capture has no markPrice
            result.Add((closeNs, f));
        }

        return result;
    }

    private static List<string> Mismatches(List<(long TimeNs, double[] Features)> expected, List<(long TimeNs, float[] Features)> actual)
    {
        var result = new List<string>();
        for (var v = 0; v < Math.Min(expected.Count, actual.Count); v++)
        {
            if (expected[v].TimeNs != actual[v].TimeNs)
            {
                result.Add($"vector {v}: close time expected {expected[v].TimeNs}, got {actual[v].TimeNs}");
                continue;
            }

            for (var f = 0; f < FeatureIndex.Count; f++)
            {
                var want = expected[v].Features[f];
                var got = actual[v].Features[f];
                if (!(Math.Abs(got - want) <= Tolerance(want)))
                {
                    result.Add($"vector {v} ({expected[v].TimeNs}) {FeatureSchemas.Current.Names[f]}: expected {want:R}, got {got:R}");
                }
            }
        }

        return result;
    }

    // The engine computes in double and stores float32 (relative rounding ≤ 2^-24 ≈ 6e-8); the reference is
    // double throughout. 2e-7 relative covers the float cast; 1e-9 absolute covers values near zero, where
    // the incremental and batch sums differ only by double rounding (~1e-16 relative to the prices).
    private static double Tolerance(double expected) => 1e-9 + (2e-7 * Math.Abs(expected));
}
