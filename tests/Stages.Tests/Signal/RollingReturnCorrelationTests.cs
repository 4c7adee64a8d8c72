using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Signal;
using Xunit;

using QuantumTrader.Engine.Random;

namespace QuantumTrader.Stages.Tests.Signal;

public sealed class RollingReturnCorrelationTests
{
    [Fact]
    public void TryGet_PartlyAlignedSeries_EqualsPearsonOverSharedCandlesInWindow()
    {
        var rng = new SplitMix64(99);
        var tracker = new RollingReturnCorrelation(2, 40);
        var a = new List<(long T, double R)>();
        var b = new List<(long T, double R)>();
        for (var k = 0; k < 100; k++)
        {
            var common = rng.NextGaussian();
            var ra = common + (0.5 * rng.NextGaussian());
            var rb = common + (0.8 * rng.NextGaussian());
            if (k % 7 != 3)
            {
                tracker.Add(0, k, ra);
                a.Add((k, ra));
            }

            if (k % 5 != 1)
            {
                tracker.Add(1, k, rb);
                b.Add((k, rb));
            }
        }

        // Reference: the last 40 candles each symbol recorded, joined on close time, textbook Pearson.
        var wa = a.TakeLast(40).ToDictionary(p => p.T, p => p.R);
        var pairs = b.TakeLast(40).Where(p => wa.ContainsKey(p.T)).Select(p => (X: wa[p.T], Y: p.R)).ToList();
        var mx = pairs.Average(p => p.X);
        var my = pairs.Average(p => p.Y);
        var expected = pairs.Sum(p => (p.X - mx) * (p.Y - my))
            / Math.Sqrt(pairs.Sum(p => (p.X - mx) * (p.X - mx)) * pairs.Sum(p => (p.Y - my) * (p.Y - my)));

        Assert.True(tracker.TryGet(0, 1, 10, out var actual));
        Assert.Equal(expected, actual, 10);
        Assert.True(tracker.TryGet(1, 0, 10, out var symmetric));
        Assert.Equal(actual, symmetric, 12);
        Assert.False(tracker.TryGet(0, 1, pairs.Count + 1, out _));
    }

    [Fact]
    public void Add_NotLaterThanLastOrNotFinite_Ignored()
    {
        var tracker = new RollingReturnCorrelation(1, 4);

        Assert.True(tracker.Add(0, 10, 0.1));
        Assert.False(tracker.Add(0, 10, 0.2));
        Assert.False(tracker.Add(0, 5, 0.2));
        Assert.False(tracker.Add(0, 11, double.NaN));
    }

    [Fact]
    public void TryGet_FlatSeries_Unknown()
    {
        var tracker = new RollingReturnCorrelation(2, 10);
        for (var k = 0; k < 10; k++)
        {
            tracker.Add(0, k, 0.0);
            tracker.Add(1, k, k);
        }

        Assert.False(tracker.TryGet(0, 1, 2, out _));
    }
}
