namespace QuantumTrader.Stages.Signal;

/// <summary>
/// Symmetric symbol-to-symbol correlations from config (e.g. 30-day 1h return correlations computed
/// offline), dense by symbol id. Unset pairs are 0; the diagonal is 1.
/// </summary>
public sealed class CorrelationMatrix
{
    private readonly double[] _values;

    /// <summary>Creates an all-zero matrix for <paramref name="symbolCount"/> symbols.</summary>
    public CorrelationMatrix(int symbolCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(symbolCount);
        SymbolCount = symbolCount;
        _values = new double[symbolCount * symbolCount];
        for (var i = 0; i < symbolCount; i++)
        {
            _values[(i * symbolCount) + i] = 1.0;
        }
    }

    /// <summary>Symbols.</summary>
    public int SymbolCount { get; }

    /// <summary>Sets the correlation of a pair (both orders).</summary>
    public void Set(ushort a, ushort b, double correlation)
    {
        if (!(correlation >= -1.0 && correlation <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(correlation), correlation, "correlation must be in [-1, 1]");
        }

        _values[(a * SymbolCount) + b] = correlation;
        _values[(b * SymbolCount) + a] = correlation;
    }

    /// <summary>The correlation of a pair.</summary>
    public double Get(ushort a, ushort b) => _values[(a * SymbolCount) + b];
}
