using QuantumTrader.Stages.Features;

using QuantumTrader.Engine.Random;

namespace QuantumTrader.Stages.Tests.Features;

/// <summary>A seeded random OHLCV series for indicator tests.</summary>
internal sealed class CandleSeries
{
    public CandleSeries(ulong seed, int count)
    {
        var rng = new SplitMix64(seed);
        Open = new double[count];
        High = new double[count];
        Low = new double[count];
        Close = new double[count];
        Volume = new double[count];
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
            price = close;
        }
    }

    public double[] Open { get; }

    public double[] High { get; }

    public double[] Low { get; }

    public double[] Close { get; }

    public double[] Volume { get; }

    public int Count => Close.Length;
}
