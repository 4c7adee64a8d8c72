using QuantumTrader.Stages.Features;
using QuantumTrader.Model;

namespace QuantumTrader.Benchmarks.Features;

/// <summary>
/// A pre-generated synthetic event sequence replayed in laps; each lap shifts exchange times forward so
/// candles keep closing (no out-of-order refusals). <see cref="Next"/> copies one event into a slot, as the
/// ring producer does.
/// </summary>
public sealed class EventTape
{
    private readonly InputEvent[] _events;
    private readonly long _lapNs;
    private int _index;
    private long _offset;

    /// <summary>Generates <paramref name="seconds"/> seconds of the synthetic market for 2 symbols.</summary>
    public EventTape(long seconds)
    {
        _events = new SyntheticMarket(42, 2, 1_700_000_000_000_000_000L, seconds).Events().ToArray();
        _lapNs = seconds * 1_000_000_000L;
    }

    /// <summary>Events per lap.</summary>
    public int Length => _events.Length;

    /// <summary>Copies the next event's input section into <paramref name="slot"/>.</summary>
    public void Next(ref InputEvent slot)
    {
        ref readonly var e = ref _events[_index];
        slot.Kind = e.Kind;
        slot.Venue = e.Venue;
        slot.SymbolId = e.SymbolId;
        slot.Flags = e.Flags;
        slot.ExchangeTimeNs = e.ExchangeTimeNs + _offset;
        slot.ReceiveTimeNs = e.ReceiveTimeNs + _offset;
        slot.Price = e.Price;
        slot.Quantity = e.Quantity;
        slot.BidPrice = e.BidPrice;
        slot.BidQuantity = e.BidQuantity;
        slot.AskPrice = e.AskPrice;
        slot.AskQuantity = e.AskQuantity;
        slot.Aux0 = e.Aux0;
        slot.Valid = e.Valid;
        if (++_index == _events.Length)
        {
            _index = 0;
            _offset += _lapNs;
        }
    }
}
