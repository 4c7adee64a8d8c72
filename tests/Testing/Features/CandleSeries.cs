using QuantumTrader.Engine.Random;

namespace QuantumTrader.Testing.Features;

/// <summary>
/// An OHLCV series (one entry per candle, oldest first) for indicator reference computations: either a
/// seeded random walk or candles a test built itself from recorded trades.
/// </summary>
public sealed class CandleSeries
{
    /// <summary>
    /// A seeded random series of <paramref name="count"/> candles. Half of every candle's volume is taker-buy
    /// volume (the synthetic event builders make half of each candle's trades aggressive buys).
    /// </summary>
    public CandleSeries(ulong seed, int count)
    {
        var rng = new SplitMix64(seed);
        Open = new double[count];
        High = new double[count];
        Low = new double[count];
        Close = new double[count];
        Volume = new double[count];
        TakerBuyVolume = new double[count];
        var price = 100.0;
        for (var i = 0; i < count; i++)
        {
            var open = price;
            var close = Math.Round(open * Math.Exp(0.004 * rng.NextGaussian()), 2);
            Open[i] = open;
            Close[i] = close;
            High[i] = Math.Round(Math.Max(open, close) * (1 + (0.002 * rng.NextDouble())), 2);
            Low[i] = Math.Round(Math.Min(open, close) * (1 - (0.002 * rng.NextDouble())), 2);
            Volume[i] = Math.Round(1 + (10 * rng.NextDouble()), 3);
            TakerBuyVolume[i] = Volume[i] / 2;
            price = close;
        }
    }

    /// <summary>A series over the given arrays (all the same length; not copied).</summary>
    public CandleSeries(double[] open, double[] high, double[] low, double[] close, double[] volume, double[] takerBuyVolume)
    {
        var n = close.Length;
        if (open.Length != n || high.Length != n || low.Length != n || volume.Length != n || takerBuyVolume.Length != n)
        {
            throw new ArgumentException("all arrays must have the same length");
        }

        Open = open;
        High = high;
        Low = low;
        Close = close;
        Volume = volume;
        TakerBuyVolume = takerBuyVolume;
    }

    /// <summary>Open prices.</summary>
    public double[] Open { get; }

    /// <summary>High prices.</summary>
    public double[] High { get; }

    /// <summary>Low prices.</summary>
    public double[] Low { get; }

    /// <summary>Close prices.</summary>
    public double[] Close { get; }

    /// <summary>Traded volume.</summary>
    public double[] Volume { get; }

    /// <summary>Volume of the trades whose buyer was the taker.</summary>
    public double[] TakerBuyVolume { get; }

    /// <summary>Number of candles.</summary>
    public int Count => Close.Length;
}
