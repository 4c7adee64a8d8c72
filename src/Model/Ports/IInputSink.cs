using QuantumTrader.Model;

namespace QuantumTrader.Model.Ports;

// Design:
//   Two ways in. Publish copies a prebuilt event into the next slot: right for a producer that must first know
//   whether it has an event at all (a parser that may reject the frame: a claimed ring slot cannot be given
//   back). Claim/Commit hands the producer the slot itself to write in place, for producers that always
//   produce (the synthetic market, a queue being drained): no whole-event copy. A sink that cannot lend a
//   slot (one that must act on the event before it enters the ring, like the simulated venue's) keeps the
//   default: a per-thread scratch event, published on Commit.

/// <summary>
/// Where producers (market data, user data, exchange responses, control, timer) put events: the input
/// ring, in production. Thread-safe for several producers when backed by a multi-producer ring.
/// </summary>
public interface IInputSink
{
    [ThreadStatic]
    private static InputEvent t_scratch;

    /// <summary>Copies <paramref name="input"/>'s input section into the next slot and publishes it.
    /// May block (back-pressure) when the ring is full, per the configured policy.</summary>
    void Publish(in InputEvent input);

    /// <summary>
    /// Claims the next slot for the calling producer to write the event into in place; <see cref="Commit"/> with the
    /// same token publishes it. The slot holds an earlier event: the producer overwrites all of it (e.g. starts with
    /// <c>slot = default</c>). One claim at a time per thread, always committed (a ring slot cannot be given back);
    /// may block like <see cref="Publish"/>.
    /// </summary>
    ref InputEvent Claim(out long token)
    {
        token = 0;
        return ref t_scratch;
    }

    /// <summary>Publishes the slot <see cref="Claim"/> returned with <paramref name="token"/>.</summary>
    void Commit(long token) => Publish(in t_scratch);
}
