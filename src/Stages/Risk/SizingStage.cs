using QuantumTrader.Engine.Ring;
using QuantumTrader.Stages.Model;

namespace QuantumTrader.Stages.Risk;

/// <summary>
/// Sizing: turns a signal into an order quantity of a fixed quote notional at the last valid price,
/// floored to the instrument's step size; 0 (no order) below the step or the minimum notional.
/// </summary>
public sealed class SizingStage : IEventHandler<InputEvent>
{
    private readonly InstrumentRegistry _instruments;
    private readonly long _orderNotionalRaw;
    private readonly long[] _lastPrice;

    /// <summary>Creates the stage with an order notional in raw quote units (see <see cref="FixedPoint"/>).</summary>
    public SizingStage(InstrumentRegistry instruments, long orderNotionalRaw)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _instruments = instruments;
        _orderNotionalRaw = orderNotionalRaw;
        _lastPrice = new long[instruments.Count];
    }

    /// <summary>Orders sized.</summary>
    public long Sized { get; private set; }

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        data.OrderQuantity = default;
        data.OrderPrice = default;
        if (data.Valid && data.SymbolId < _lastPrice.Length && ReferencePrice.TryGet(in data, out var reference))
        {
            _lastPrice[data.SymbolId] = reference;
        }

        if (data.SignalSide == Side.None)
        {
            return;
        }

        var symbol = data.SignalSymbolId; // with conflation a signal may ride on another symbol's slot
        var price = _lastPrice[symbol];
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
        Sized++;
    }

    /// <summary>The last valid price seen for <paramref name="symbolId"/> (raw), 0 if none.</summary>
    public long LastPrice(ushort symbolId) => _lastPrice[symbolId];
}
