namespace QuantumTrader.Model;

/// <summary>
/// The one fixed-point scale used for prices, quantities and notionals on the ring: 8 decimal places
/// (Binance's finest precision). A raw value of 1 is 0.00000001. Instrument precision (tick and step)
/// is enforced on top of this scale by <see cref="Instrument"/>.
/// </summary>
public static class FixedPoint
{
    /// <summary>Decimal places of the raw scale.</summary>
    public const int Decimals = 8;

    /// <summary>Raw units per whole unit (10^8).</summary>
    public const long Scale = 100_000_000;
}
