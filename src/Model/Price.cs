using System.Globalization;

namespace QuantumTrader.Model;

/// <summary>An exact price: raw fixed-point units of 10^-8 (see <see cref="FixedPoint"/>).</summary>
/// <param name="Raw">The raw value.</param>
public readonly record struct Price(long Raw) : IComparable<Price>
{
    /// <summary>Converts to double (display and features only, never for money).</summary>
    public double ToDouble() => Raw / (double)FixedPoint.Scale;

    /// <summary>Creates from a decimal (configuration and tests, never on the hot path).</summary>
    public static Price FromDecimal(decimal value) => new((long)decimal.Round(value * FixedPoint.Scale));

    /// <inheritdoc />
    public int CompareTo(Price other) => Raw.CompareTo(other.Raw);

    /// <summary>Compares two prices.</summary>
    public static bool operator <(Price a, Price b) => a.Raw < b.Raw;

    /// <summary>Compares two prices.</summary>
    public static bool operator >(Price a, Price b) => a.Raw > b.Raw;

    /// <summary>Compares two prices.</summary>
    public static bool operator <=(Price a, Price b) => a.Raw <= b.Raw;

    /// <summary>Compares two prices.</summary>
    public static bool operator >=(Price a, Price b) => a.Raw >= b.Raw;

    /// <inheritdoc />
    public override string ToString() => Text.DecimalCodec.ToString(Raw);
}
