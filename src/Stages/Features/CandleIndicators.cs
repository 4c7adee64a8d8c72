using QuantumTrader.Stages.Features.Indicators;

namespace QuantumTrader.Stages.Features;

/// <summary>
/// The indicators of one symbol, updated once per closed candle, and the candle part of the V1 vector.
/// </summary>
/// <remarks>Not thread-safe: owned by the features stage thread. Allocation-free after construction.</remarks>
public sealed class CandleIndicators
{
    private const int Window = 20;

    private readonly Ema _ema9 = new(9);
    private readonly Ema _ema10 = new(10);
    private readonly Ema _ema20 = new(20);
    private readonly Ema _ema21 = new(21);
    private readonly Ema _ema50 = new(50);
    private readonly Ema _ema200 = new(200);
    private readonly WilderRsi _rsi = new(14);
    private readonly Macd _macd = new(12, 26, 9);
    private readonly WilderAtr _atr = new(14);
    private readonly WilderAdx _adx = new(14);
    private readonly RollingWindow _closes = new(Window + 1);
    private readonly RollingWindow _returns = new(Window);
    private readonly RollingWindow _volumes = new(Window);
    private readonly RollingWindow _obv = new(Window + 1);
    private double _obvValue;
    private Candle _last;
    private long _candles;

    /// <summary>Candles seen since the last reset.</summary>
    public long Candles => _candles;

    /// <summary>True once every indicator of the vector is defined (EMA 200 is the longest: 200 candles).</summary>
    public bool IsReady => _ema200.IsReady && _macd.IsReady && _adx.IsReady && _rsi.IsReady && _atr.IsReady
        && _closes.IsFull && _returns.IsFull && _obv.IsFull;

    /// <summary>Updates every indicator with a closed candle.</summary>
    public void Add(in Candle candle)
    {
        var close = candle.Close;
        if (_closes.Count > 0)
        {
            var previous = _closes.Ago(0);
            _returns.Add(Math.Log(close / previous));
            _obvValue += close > previous ? candle.Volume : close < previous ? -candle.Volume : 0.0;
        }

        _closes.Add(close);
        _obv.Add(_obvValue);
        _volumes.Add(candle.Volume);
        _ema9.Add(close);
        _ema10.Add(close);
        _ema20.Add(close);
        _ema21.Add(close);
        _ema50.Add(close);
        _ema200.Add(close);
        _rsi.Add(close);
        _macd.Add(close);
        _atr.Add(candle.High, candle.Low, close);
        _adx.Add(candle.High, candle.Low, close);
        _last = candle;
        _candles++;
    }

    /// <summary>Writes the candle features (indices 0..28 of V1) for the last candle. Requires <see cref="IsReady"/>.</summary>
    public void Write(Span<float> f)
    {
        var c = _last.Close;
        f[FeatureIndex.Ret1] = (float)_returns.Ago(0);
        f[FeatureIndex.Ret5] = (float)Math.Log(c / _closes.Ago(5));
        f[FeatureIndex.HighLowRange] = (float)((_last.High - _last.Low) / c);
        f[FeatureIndex.Ema9Dist] = (float)((c / _ema9.Value) - 1.0);
        f[FeatureIndex.Ema10Dist] = (float)((c / _ema10.Value) - 1.0);
        f[FeatureIndex.Ema20Dist] = (float)((c / _ema20.Value) - 1.0);
        f[FeatureIndex.Ema21Dist] = (float)((c / _ema21.Value) - 1.0);
        f[FeatureIndex.Ema50Dist] = (float)((c / _ema50.Value) - 1.0);
        f[FeatureIndex.Ema200Dist] = (float)((c / _ema200.Value) - 1.0);
        f[FeatureIndex.Ema10_20Cross] = (float)((_ema10.Value / _ema20.Value) - 1.0);
        f[FeatureIndex.Ema10_50Cross] = (float)((_ema10.Value / _ema50.Value) - 1.0);
        f[FeatureIndex.Rsi14] = (float)_rsi.Value;
        f[FeatureIndex.Macd] = (float)(_macd.Line / c);
        f[FeatureIndex.MacdSignal] = (float)(_macd.Signal / c);
        f[FeatureIndex.MacdHist] = (float)(_macd.Histogram / c);

        var mean = MeanOfLast(_closes, Window);
        var std = StdOfLast(_closes, Window, mean);
        var width = 4.0 * std;
        f[FeatureIndex.BbPosition] = width == 0 ? 0.5f : (float)((c - (mean - (2.0 * std))) / width);
        f[FeatureIndex.BbWidth] = (float)(width / mean);
        f[FeatureIndex.Atr14] = (float)_atr.Value;
        f[FeatureIndex.AtrPct] = (float)(_atr.Value / c);
        f[FeatureIndex.RealizedVol20] = (float)_returns.RootMeanSquare();
        f[FeatureIndex.Momentum5] = (float)((c / _closes.Ago(5)) - 1.0);
        f[FeatureIndex.Momentum10] = (float)((c / _closes.Ago(10)) - 1.0);
        f[FeatureIndex.Momentum20] = (float)((c / _closes.Ago(20)) - 1.0);
        f[FeatureIndex.Adx14] = (float)_adx.Adx;
        f[FeatureIndex.PlusDi14] = (float)_adx.PlusDi;
        f[FeatureIndex.MinusDi14] = (float)_adx.MinusDi;
        var meanVolume = _volumes.Mean();
        f[FeatureIndex.VolumeRatio20] = meanVolume == 0 ? 0f : (float)(_last.Volume / meanVolume);
        f[FeatureIndex.TakerBuyRatio] = _last.Volume == 0 ? 0.5f : (float)(_last.TakerBuyVolume / _last.Volume);
        var volumeSum = _volumes.Sum();
        f[FeatureIndex.ObvFlow20] = volumeSum == 0 ? 0f : (float)((_obv.Ago(0) - _obv.Ago(Window)) / volumeSum);
    }

    /// <summary>Forgets everything (after a long gap).</summary>
    public void Reset()
    {
        _ema9.Reset();
        _ema10.Reset();
        _ema20.Reset();
        _ema21.Reset();
        _ema50.Reset();
        _ema200.Reset();
        _rsi.Reset();
        _macd.Reset();
        _atr.Reset();
        _adx.Reset();
        _closes.Reset();
        _returns.Reset();
        _volumes.Reset();
        _obv.Reset();
        _obvValue = 0;
        _last = default;
        _candles = 0;
    }

    private static double MeanOfLast(RollingWindow w, int n)
    {
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += w.Ago(i);
        }

        return sum / n;
    }

    private static double StdOfLast(RollingWindow w, int n, double mean)
    {
        var acc = 0.0;
        for (var i = 0; i < n; i++)
        {
            var d = w.Ago(i) - mean;
            acc += d * d;
        }

        return Math.Sqrt(acc / n);
    }
}
