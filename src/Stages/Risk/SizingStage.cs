using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Risk;

/// <summary>
/// Sizing: turns a signal into an order quantity of a fixed quote notional at the symbol's reference price
/// (the ingest stage's <see cref="InputEvent.ReferencePrice"/>), floored to the instrument's step size; 0 (no
/// order) below the step or the minimum notional. The price it sized at goes with the order
/// (<see cref="InputEvent.OrderReferencePrice"/>): the gate's limit and the venue's filter checks use it.
/// </summary>
public sealed class SizingStage : IEventHandler<InputEvent>
{
    private readonly InstrumentRegistry _instruments;
    private readonly long _orderNotionalRaw;
    private readonly long[] _reference;

    /// <summary>Creates the stage with an order notional in raw quote units (see <see cref="FixedPoint"/>).</summary>
    public SizingStage(InstrumentRegistry instruments, long orderNotionalRaw)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _instruments = instruments;
        _orderNotionalRaw = orderNotionalRaw;
        _reference = new long[instruments.Count];
    }

    /// <summary>Orders sized.</summary>
    public long Sized { get; private set; }

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        data.OrderQuantity = default;
        data.OrderPrice = default;
        data.OrderReferencePrice = default;

        // Design: with conflation a signal may ride on another symbol's slot, whose ReferencePrice is that
        // other symbol's. Ingest's value of a symbol changes only on that symbol's slots and every one of them
        // carries it, so the value last seen on a slot of the symbol is exactly ingest's as of this slot: a
        // mirror, never a second rule.
        if (data.SymbolId < _reference.Length)
        {
            _reference[data.SymbolId] = data.ReferencePrice.Raw;
        }

        if (data.SignalSide == Side.None)
        {
            return;
        }

        var symbol = data.SignalSymbolId;
        var price = _reference[symbol];
        if (price <= 0)
        {
            return; // no price yet: no size, never a guess
        }

        var instrument = _instruments[symbol];
        var raw = (long)((Int128)_orderNotionalRaw * FixedPoint.Scale / price);
        var quantity = instrument.FloorQuantity(new Quantity(raw));
        var notional = (long)((Int128)quantity.Raw * price / FixedPoint.Scale);
        if (quantity.Raw <= 0 || notional < instrument.MinNotional)
        {
            return;
        }

        data.OrderQuantity = quantity;
        data.OrderReferencePrice = new Price(price);
        Sized++;
    }

    /// <summary>The reference price of <paramref name="symbolId"/> as of the last slot seen (raw), 0 if none.</summary>
    public long LastPrice(ushort symbolId) => _reference[symbolId];
}
