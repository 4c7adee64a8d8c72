using QuantumTrader.Stages.Features;

namespace QuantumTrader.Testing.Features;

/// <summary>
/// The candle part of feature schema v3 (docs/FEATURES.md; the same as in v1 and v2) computed from scratch for one candle of a whole
/// series with the batch formulas of <see cref="ReferenceIndicators"/>, independently of the serving
/// incremental indicators. Shared by the synthetic (Stages.Tests) and recorded-data (Integration.Tests) checks.
/// </summary>
public static class ReferenceFeatures
{
    /// <summary>
    /// Features 0..28 of candle <paramref name="k"/> (the series starts at a warm-up start: no gap reset
    /// inside it). Book imbalance, spread and funding rate depend on other events: they are left NaN for the
    /// caller to fill (the book features from <see cref="ReferenceBook.AsOf"/>, the top as of the close).
    /// </summary>
    public static double[] Reference(CandleSeries s, int k)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 199);
        var c = s.Close;
        var f = new double[FeatureIndex.Count];
        double Ema(int p) => ReferenceIndicators.Ema(c[..(k + 1)], p)[k];
        var ema10 = Ema(10);
        var ema20 = Ema(20);
        var ema50 = Ema(50);
        f[FeatureIndex.Ret1] = Math.Log(c[k] / c[k - 1]);
        f[FeatureIndex.Ret5] = Math.Log(c[k] / c[k - 5]);
        f[FeatureIndex.HighLowRange] = (s.High[k] - s.Low[k]) / c[k];
        f[FeatureIndex.Ema9Dist] = (c[k] / Ema(9)) - 1;
        f[FeatureIndex.Ema10Dist] = (c[k] / ema10) - 1;
        f[FeatureIndex.Ema20Dist] = (c[k] / ema20) - 1;
        f[FeatureIndex.Ema21Dist] = (c[k] / Ema(21)) - 1;
        f[FeatureIndex.Ema50Dist] = (c[k] / ema50) - 1;
        f[FeatureIndex.Ema200Dist] = (c[k] / Ema(200)) - 1;
        f[FeatureIndex.Ema10_20Cross] = (ema10 / ema20) - 1;
        f[FeatureIndex.Ema10_50Cross] = (ema10 / ema50) - 1;
        f[FeatureIndex.Rsi14] = ReferenceIndicators.WilderRsi(c[..(k + 1)], 14)[k];
        var line = ReferenceIndicators.Ema(c[..(k + 1)], 12).Zip(ReferenceIndicators.Ema(c[..(k + 1)], 26), (a, b) => a - b).ToArray();
        var signal = ReferenceIndicators.EmaOfDefined(line, 9)[k];
        f[FeatureIndex.Macd] = line[k] / c[k];
        f[FeatureIndex.MacdSignal] = signal / c[k];
        f[FeatureIndex.MacdHist] = (line[k] - signal) / c[k];
        var window = c[(k - 19)..(k + 1)];
        var mean = window.Average();
        var std = Math.Sqrt(window.Select(x => (x - mean) * (x - mean)).Average());
        f[FeatureIndex.BbPosition] = std == 0 ? 0.5 : (c[k] - (mean - (2 * std))) / (4 * std);
        f[FeatureIndex.BbWidth] = 4 * std / mean;
        var atr = ReferenceIndicators.WilderAtr(s.High[..(k + 1)], s.Low[..(k + 1)], c[..(k + 1)], 14)[k];
        f[FeatureIndex.Atr14] = atr;
        f[FeatureIndex.AtrPct] = atr / c[k];
        f[FeatureIndex.RealizedVol20] = Math.Sqrt(Enumerable.Range(k - 19, 20).Select(j => Math.Pow(Math.Log(c[j] / c[j - 1]), 2)).Average());
        f[FeatureIndex.Momentum5] = (c[k] / c[k - 5]) - 1;
        f[FeatureIndex.Momentum10] = (c[k] / c[k - 10]) - 1;
        f[FeatureIndex.Momentum20] = (c[k] / c[k - 20]) - 1;
        var (adx, pdi, mdi) = ReferenceIndicators.Adx(s.High[..(k + 1)], s.Low[..(k + 1)], c[..(k + 1)], 14);
        f[FeatureIndex.Adx14] = adx[k];
        f[FeatureIndex.PlusDi14] = pdi[k];
        f[FeatureIndex.MinusDi14] = mdi[k];
        var volumes = s.Volume[(k - 19)..(k + 1)];
        f[FeatureIndex.VolumeRatio20] = s.Volume[k] / volumes.Average();
        f[FeatureIndex.TakerBuyRatio] = s.Volume[k] == 0 ? 0.5 : s.TakerBuyVolume[k] / s.Volume[k];
        double Obv(int upTo) => Enumerable.Range(1, upTo).Sum(j => Math.Sign(c[j] - c[j - 1]) * s.Volume[j]);
        f[FeatureIndex.ObvFlow20] = (Obv(k) - Obv(k - 20)) / volumes.Sum();
        f[FeatureIndex.BookImbalance] = double.NaN;
        f[FeatureIndex.SpreadBps] = double.NaN;
        f[FeatureIndex.FundingRate] = double.NaN;
        return f;
    }
}
