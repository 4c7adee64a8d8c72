namespace QuantumTrader.Testing.Features;

/// <summary>
/// Textbook batch formulas over a whole series, written independently of the incremental indicators:
/// each returns an array aligned with the input, NaN where the indicator is not yet defined.
/// </summary>
public static class ReferenceIndicators
{
    /// <summary>EMA seeded with the simple mean of the first <paramref name="period"/> values.</summary>
    public static double[] Ema(double[] x, int period)
    {
        var result = Nan(x.Length);
        if (x.Length < period)
        {
            return result;
        }

        var k = 2.0 / (period + 1);
        result[period - 1] = x.Take(period).Average();
        for (var i = period; i < x.Length; i++)
        {
            result[i] = (x[i] * k) + (result[i - 1] * (1 - k));
        }

        return result;
    }

    /// <summary>EMA over the defined (non-NaN) suffix of <paramref name="x"/>.</summary>
    public static double[] EmaOfDefined(double[] x, int period)
    {
        // EMA over the defined (non-NaN) suffix of x.
        var first = Array.FindIndex(x, v => !double.IsNaN(v));
        var result = Nan(x.Length);
        if (first < 0)
        {
            return result;
        }

        var tail = Ema(x[first..], period);
        Array.Copy(tail, 0, result, first, tail.Length);
        return result;
    }

    /// <summary>Wilder RSI (simple-mean seed, then Wilder smoothing); 50 with no movement, 100 with no loss.</summary>
    public static double[] WilderRsi(double[] close, int period)
    {
        var result = Nan(close.Length);
        var gains = new double[close.Length];
        var losses = new double[close.Length];
        for (var i = 1; i < close.Length; i++)
        {
            var d = close[i] - close[i - 1];
            gains[i] = Math.Max(d, 0);
            losses[i] = Math.Max(-d, 0);
        }

        if (close.Length <= period)
        {
            return result;
        }

        var avgGain = gains.Skip(1).Take(period).Average();
        var avgLoss = losses.Skip(1).Take(period).Average();
        for (var i = period; i < close.Length; i++)
        {
            if (i > period)
            {
                avgGain = ((avgGain * (period - 1)) + gains[i]) / period;
                avgLoss = ((avgLoss * (period - 1)) + losses[i]) / period;
            }

            result[i] = avgLoss == 0 ? (avgGain == 0 ? 50 : 100) : 100 - (100 / (1 + (avgGain / avgLoss)));
        }

        return result;
    }

    /// <summary>True range; the first candle's is H − L.</summary>
    public static double[] TrueRange(double[] high, double[] low, double[] close)
    {
        var tr = new double[close.Length];
        for (var i = 0; i < close.Length; i++)
        {
            tr[i] = i == 0 ? high[i] - low[i] : new[] { high[i] - low[i], Math.Abs(high[i] - close[i - 1]), Math.Abs(low[i] - close[i - 1]) }.Max();
        }

        return tr;
    }

    /// <summary>Wilder ATR (simple-mean seed of the first <paramref name="period"/> true ranges).</summary>
    public static double[] WilderAtr(double[] high, double[] low, double[] close, int period)
    {
        var tr = TrueRange(high, low, close);
        var result = Nan(close.Length);
        result[period - 1] = tr.Take(period).Average();
        for (var i = period; i < close.Length; i++)
        {
            result[i] = ((result[i - 1] * (period - 1)) + tr[i]) / period;
        }

        return result;
    }

    /// <summary>Returns (ADX, +DI, −DI) arrays.</summary>
    public static (double[] Adx, double[] PlusDi, double[] MinusDi) Adx(double[] high, double[] low, double[] close, int p)
    {
        var n = close.Length;
        var tr = TrueRange(high, low, close);
        var pdm = new double[n];
        var mdm = new double[n];
        for (var i = 1; i < n; i++)
        {
            var up = high[i] - high[i - 1];
            var down = low[i - 1] - low[i];
            pdm[i] = up > down && up > 0 ? up : 0;
            mdm[i] = down > up && down > 0 ? down : 0;
        }

        var str = Nan(n);
        var spdm = Nan(n);
        var smdm = Nan(n);
        str[p] = tr.Skip(1).Take(p).Sum();
        spdm[p] = pdm.Skip(1).Take(p).Sum();
        smdm[p] = mdm.Skip(1).Take(p).Sum();
        for (var i = p + 1; i < n; i++)
        {
            str[i] = str[i - 1] - (str[i - 1] / p) + tr[i];
            spdm[i] = spdm[i - 1] - (spdm[i - 1] / p) + pdm[i];
            smdm[i] = smdm[i - 1] - (smdm[i - 1] / p) + mdm[i];
        }

        var pdi = Nan(n);
        var mdi = Nan(n);
        var dx = Nan(n);
        for (var i = p; i < n; i++)
        {
            pdi[i] = 100 * spdm[i] / str[i];
            mdi[i] = 100 * smdm[i] / str[i];
            dx[i] = 100 * Math.Abs(pdi[i] - mdi[i]) / (pdi[i] + mdi[i]);
        }

        var adx = Nan(n);
        var firstAdx = (2 * p) - 1;
        if (firstAdx < n)
        {
            adx[firstAdx] = dx.Skip(p).Take(p).Average();
            for (var i = firstAdx + 1; i < n; i++)
            {
                adx[i] = ((adx[i - 1] * (p - 1)) + dx[i]) / p;
            }
        }

        return (adx, pdi, mdi);
    }

    private static double[] Nan(int n) => Enumerable.Repeat(double.NaN, n).ToArray();
}
