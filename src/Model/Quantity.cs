using System.Globalization;

namespace QuantumTrader.Model;

/// <summary>An exact quantity in base-asset units: raw fixed-point units of 10^-8 (see <see cref="FixedPoint"/>).</summary>
/// <param name="Raw">The raw value.</param>
public readonly record struct Quantity(long Raw) : IComparable<Quantity>
{
    /// <summary>Converts to double (display and features only, never for money).</summary>
    public double ToDouble() => Raw / (double)FixedPoint.Scale;

    /// <summary>Creates from a decimal (configuration and tests, never on the hot path).</summary>
    public static Quantity FromDecimal(decimal value) => new((long)decimal.Round(value * FixedPoint.Scale));

    /// <inheritdoc />
    public int CompareTo(Quantity other) => Raw.CompareTo(other.Raw);

    /// <summary>Compares two quantities.</summary>
    public static bool operator <(Quantity a, Quantity b) => a.Raw < b.Raw;

    /// <summary>Compares two quantities.</summary>
    public static bool operator >(Quantity a, Quantity b) => a.Raw > b.Raw;

    /// <summary>Compares two quantities.</summary>
    public static bool operator <=(Quantity a, Quantity b) => a.Raw <= b.Raw;

    /// <summary>Compares two quantities.</summary>
    public static bool operator >=(Quantity a, Quantity b) => a.Raw >= b.Raw;

    /// <inheritdoc />
    public override string ToString() => Text.DecimalCodec.ToString(Raw);
}
