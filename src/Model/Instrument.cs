namespace QuantumTrader.Model;

/// <summary>
/// An instrument's trading rules, as exchangeInfo gives them: tick size and step size in raw fixed-point
/// units (see <see cref="FixedPoint"/>) and minimum notional.
/// </summary>
/// <param name="Id">Index in the registry; the <see cref="InputEvent.SymbolId"/> of its events.</param>
/// <param name="Venue">Venue.</param>
/// <param name="Symbol">Venue symbol, e.g. BTCUSDT.</param>
/// <param name="TickSize">Price increment.</param>
/// <param name="StepSize">Quantity increment.</param>
/// <param name="MinNotional">Minimum order notional in quote units (raw fixed point).</param>
public sealed record Instrument(ushort Id, Venue Venue, string Symbol, Price TickSize, Quantity StepSize, long MinNotional)
{
    /// <summary>True when <paramref name="price"/> is a positive multiple of the tick size.</summary>
    public bool IsValidPrice(Price price) => price.Raw > 0 && price.Raw % TickSize.Raw == 0;

    /// <summary>True when <paramref name="quantity"/> is a positive multiple of the step size.</summary>
    public bool IsValidQuantity(Quantity quantity) => quantity.Raw > 0 && quantity.Raw % StepSize.Raw == 0;

    /// <summary>Rounds a quantity down to the step size.</summary>
    public Quantity FloorQuantity(Quantity quantity) => new(quantity.Raw - (quantity.Raw % StepSize.Raw));
}
