using System.Globalization;

namespace QuantumTrader.Model;

/// <summary>
/// A leverage factor (notional ÷ margin), exact: raw fixed-point units of 10^-8 (see <see cref="FixedPoint"/>),
/// so 5× is 500,000,000. 0 means none (no order).
/// </summary>
/// <param name="Raw">The raw value.</param>
public readonly record struct Leverage(long Raw) : IComparable<Leverage>
{
    /// <summary>The largest leverage representable from a double (far above any venue's bracket).</summary>
    private const double MaxWhole = 1_000_000;

    /// <summary>1×.</summary>
    public static Leverage One => new(FixedPoint.Scale);

    /// <summary>From a computed factor, rounded down to the raw unit (the one place a double becomes a leverage);
    /// NaN or ≤ 0 gives 0, values above a million are held there.</summary>
    public static Leverage FromDouble(double value) =>
        !(value > 0) ? default : new((long)Math.Floor(Math.Min(value, MaxWhole) * FixedPoint.Scale));

    /// <summary>Creates from a decimal (configuration and tests, never on the hot path).</summary>
    public static Leverage FromDecimal(decimal value) => new((long)decimal.Round(value * FixedPoint.Scale));

    /// <summary>Converts to double (display and formulas only).</summary>
    public double ToDouble() => Raw / (double)FixedPoint.Scale;

    /// <summary>The smaller of two leverages.</summary>
    public static Leverage Min(Leverage a, Leverage b) => a.Raw <= b.Raw ? a : b;

    /// <summary>The larger of two leverages.</summary>
    public static Leverage Max(Leverage a, Leverage b) => a.Raw >= b.Raw ? a : b;

    /// <inheritdoc />
    public int CompareTo(Leverage other) => Raw.CompareTo(other.Raw);

    /// <summary>Compares two leverages.</summary>
    public static bool operator <(Leverage a, Leverage b) => a.Raw < b.Raw;

    /// <summary>Compares two leverages.</summary>
    public static bool operator >(Leverage a, Leverage b) => a.Raw > b.Raw;

    /// <summary>Compares two leverages.</summary>
    public static bool operator <=(Leverage a, Leverage b) => a.Raw <= b.Raw;

    /// <summary>Compares two leverages.</summary>
    public static bool operator >=(Leverage a, Leverage b) => a.Raw >= b.Raw;

    /// <inheritdoc />
    public override string ToString() => ((decimal)Raw / FixedPoint.Scale).ToString(CultureInfo.InvariantCulture);
}
