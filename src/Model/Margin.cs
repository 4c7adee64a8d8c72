using System.Globalization;

namespace QuantumTrader.Model;

/// <summary>
/// An exact amount of collateral put up for a position, in quote currency: raw fixed-point units of 10^-8
/// (see <see cref="FixedPoint"/>). Margin × <see cref="Leverage"/> is a <see cref="Notional"/>.
/// </summary>
/// <param name="Raw">The raw value.</param>
public readonly record struct Margin(long Raw) : IComparable<Margin>
{
    /// <summary>The notional this margin carries at <paramref name="leverage"/>, rounded down to the raw unit.</summary>
    public static Notional operator *(Margin margin, Leverage leverage) =>
        new((long)((Int128)margin.Raw * leverage.Raw / FixedPoint.Scale));

    /// <summary>Creates from a decimal (configuration and tests, never on the hot path).</summary>
    public static Margin FromDecimal(decimal value) => new((long)decimal.Round(value * FixedPoint.Scale));

    /// <inheritdoc />
    public int CompareTo(Margin other) => Raw.CompareTo(other.Raw);

    /// <summary>Compares two margins.</summary>
    public static bool operator <(Margin a, Margin b) => a.Raw < b.Raw;

    /// <summary>Compares two margins.</summary>
    public static bool operator >(Margin a, Margin b) => a.Raw > b.Raw;

    /// <summary>Compares two margins.</summary>
    public static bool operator <=(Margin a, Margin b) => a.Raw <= b.Raw;

    /// <summary>Compares two margins.</summary>
    public static bool operator >=(Margin a, Margin b) => a.Raw >= b.Raw;

    /// <inheritdoc />
    public override string ToString() => ((decimal)Raw / FixedPoint.Scale).ToString(CultureInfo.InvariantCulture);
}
