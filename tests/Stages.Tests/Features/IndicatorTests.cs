using QuantumTrader.Stages.Features.Indicators;
using QuantumTrader.Testing.Features;
using Xunit;

namespace QuantumTrader.Stages.Tests.Features;

public sealed class IndicatorTests
{
    private static readonly CandleSeries Series = new(7, 400);

    [Theory]
    [InlineData(9)]
    [InlineData(20)]
    [InlineData(200)]
    public void Ema_RandomSeries_MatchesBatchFormulaAtEveryStep(int period)
    {
        var reference = ReferenceIndicators.Ema(Series.Close, period);
        var ema = new Ema(period);
        for (var i = 0; i < Series.Count; i++)
        {
            ema.Add(Series.Close[i]);
            Assert.Equal(!double.IsNaN(reference[i]), ema.IsReady);
            if (ema.IsReady)
            {
                Assert.Equal(reference[i], ema.Value, 1e-9);
            }
        }
    }

    [Fact]
    public void WilderRsi_RandomSeries_MatchesTextbookWilderOverWholeSeries()
    {
        var reference = ReferenceIndicators.WilderRsi(Series.Close, 14);
        var rsi = new WilderRsi(14);
        for (var i = 0; i < Series.Count; i++)
        {
            rsi.Add(Series.Close[i]);
            Assert.Equal(!double.IsNaN(reference[i]), rsi.IsReady);
            if (rsi.IsReady)
            {
                Assert.Equal(reference[i], rsi.Value, 1e-9);
            }
        }
    }

    [Fact]
    public void WilderRsi_OnlyRises_Is100AndFlatIs50()
    {
        var up = new WilderRsi(3);
        var flat = new WilderRsi(3);
        for (var i = 0; i < 10; i++)
        {
            up.Add(100 + i);
            flat.Add(100);
        }

        Assert.Equal(100.0, up.Value);
        Assert.Equal(50.0, flat.Value);
    }

    [Fact]
    public void Macd_RandomSeries_SignalIsEmaOfMacdLine()
    {
        var fast = ReferenceIndicators.Ema(Series.Close, 12);
        var slow = ReferenceIndicators.Ema(Series.Close, 26);
        var line = fast.Zip(slow, (f, s) => f - s).ToArray();
        var signal = ReferenceIndicators.EmaOfDefined(line, 9);
        var macd = new Macd(12, 26, 9);
        for (var i = 0; i < Series.Count; i++)
        {
            macd.Add(Series.Close[i]);
            Assert.Equal(!double.IsNaN(signal[i]), macd.IsReady);
            if (macd.IsReady)
            {
                Assert.Equal(line[i], macd.Line, 1e-9);
                Assert.Equal(signal[i], macd.Signal, 1e-9);
                Assert.Equal(line[i] - signal[i], macd.Histogram, 1e-9);
            }
        }

        // 26 closes define the line, 9 line values the signal: first signal at index 33.
        Assert.True(double.IsNaN(signal[32]) && !double.IsNaN(signal[33]));
    }

    [Fact]
    public void WilderAtr_RandomSeries_MatchesBatchFormula()
    {
        var reference = ReferenceIndicators.WilderAtr(Series.High, Series.Low, Series.Close, 14);
        var atr = new WilderAtr(14);
        for (var i = 0; i < Series.Count; i++)
        {
            atr.Add(Series.High[i], Series.Low[i], Series.Close[i]);
            Assert.Equal(!double.IsNaN(reference[i]), atr.IsReady);
            if (atr.IsReady)
            {
                Assert.Equal(reference[i], atr.Value, 1e-9);
            }
        }
    }

    [Fact]
    public void WilderAdx_RandomSeries_MatchesBatchFormulaForAdxAndDi()
    {
        var (adx, pdi, mdi) = ReferenceIndicators.Adx(Series.High, Series.Low, Series.Close, 14);
        var indicator = new WilderAdx(14);
        for (var i = 0; i < Series.Count; i++)
        {
            indicator.Add(Series.High[i], Series.Low[i], Series.Close[i]);
            Assert.Equal(!double.IsNaN(adx[i]), indicator.IsReady);
            if (indicator.IsReady)
            {
                Assert.Equal(adx[i], indicator.Adx, 1e-9);
                Assert.Equal(pdi[i], indicator.PlusDi, 1e-9);
                Assert.Equal(mdi[i], indicator.MinusDi, 1e-9);
            }
        }

        Assert.True(indicator.Adx is > 0 and < 100);
    }

    [Fact]
    public void RollingWindow_MoreThanCapacity_KeepsLatestAndStatistics()
    {
        var w = new RollingWindow(3);
        foreach (var x in new[] { 1.0, 2, 3, 4, 5 })
        {
            w.Add(x);
        }

        Assert.Equal(5, w.Ago(0));
        Assert.Equal(3, w.Ago(2));
        Assert.Equal(12, w.Sum());
        Assert.Equal(Math.Sqrt(2.0 / 3.0), w.PopulationStdDev(), 1e-12);
        Assert.Equal(Math.Sqrt((9 + 16 + 25) / 3.0), w.RootMeanSquare(), 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Ago(3));
    }
}
