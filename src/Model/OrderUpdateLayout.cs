namespace QuantumTrader.Model;

/// <summary>
/// How an <see cref="InputKind.OrderUpdate"/> event uses the generic slot fields. Kept in one place so
/// producers (gateways) and consumers (stages, journal readers) agree.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="InputEvent.Code"/>: <see cref="OrderUpdateCode"/>.</item>
/// <item><see cref="InputEvent.Flags"/>: <see cref="Side"/> in the low byte; <see cref="MakerFlag"/> when the fill was maker.</item>
/// <item><see cref="InputEvent.ClientOrderId"/>: the client order id.</item>
/// <item><see cref="InputEvent.SourceSequence"/>: the venue order id (0 when unknown).</item>
/// <item><see cref="InputEvent.Price"/> / <see cref="InputEvent.Quantity"/>: last fill price and quantity (0 when no fill).</item>
/// <item><see cref="InputEvent.Aux0"/>: cumulative filled quantity (raw fixed point).</item>
/// <item><see cref="InputEvent.Aux1"/>: commission of the last fill in quote units (raw fixed point).</item>
/// <item><see cref="InputEvent.Aux2"/>: rejections: the venue error code (e.g. -4164), 0 when none; fills
/// (PartiallyFilled, Filled): the venue's trade id of the last fill (the ledger deduplicates fills by it; 0 when
/// unknown, then by the cumulative filled quantity).</item>
/// <item><see cref="InputEvent.Aux3"/>: <see cref="OrderRejectReason"/>.</item>
/// </list>
/// </remarks>
public static class OrderUpdateLayout
{
    /// <summary>Flag bit: the fill was on the maker side.</summary>
    public const ushort MakerFlag = 0x100;
}
