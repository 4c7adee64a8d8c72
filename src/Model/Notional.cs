using System.Globalization;

namespace QuantumTrader.Model;

/// <summary>
/// An exact order or position value in quote currency (quantity × price): raw fixed-point units of 10^-8
/// (see <see cref="FixedPoint"/>). A distinct type from <see cref="Margin"/> and <see cref="Quantity"/> so that
/// one cannot be passed where another is meant.
/// </summary>
/// <param name="Raw">The raw value.</param>
public readonly record struct Notional(long Raw) : IComparable<Notional>
{
    /// <summary>The value of <paramref name="quantity"/> at <paramref name="price"/>, rounded down to the raw unit.</summary>
    public static Notional Of(Quantity quantity, Price price) =>
        new((long)((Int128)quantity.Raw * price.Raw / FixedPoint.Scale));

    /// <summary>The quantity worth this notional at <paramref name="price"/> (&gt; 0), rounded down to the raw unit
    /// (not yet to a step size: see <see cref="Instrument.FloorQuantity"/>).</summary>
    public Quantity QuantityAt(Price price) => new((long)((Int128)Raw * FixedPoint.Scale / price.Raw));

    /// <summary>Creates from a decimal (configuration and tests, never on the hot path).</summary>
    public static Notional FromDecimal(decimal value) => new((long)decimal.Round(value * FixedPoint.Scale));

    /// <inheritdoc />
    public int CompareTo(Notional other) => Raw.CompareTo(other.Raw);

    /// <summary>Compares two notionals.</summary>
    public static bool operator <(Notional a, Notional b) => a.Raw < b.Raw;

    /// <summary>Compares two notionals.</summary>
    public static bool operator >(Notional a, Notional b) => a.Raw > b.Raw;

    /// <summary>Compares two notionals.</summary>
    public static bool operator <=(Notional a, Notional b) => a.Raw <= b.Raw;

    /// <summary>Compares two notionals.</summary>
    public static bool operator >=(Notional a, Notional b) => a.Raw >= b.Raw;

    /// <inheritdoc />
    public override string ToString() => ((decimal)Raw / FixedPoint.Scale).ToString(CultureInfo.InvariantCulture);
}
