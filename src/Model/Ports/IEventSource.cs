using QuantumTrader.Model;

namespace QuantumTrader.Model.Ports;

/// <summary>
/// A finite, ordered sequence of normalized input events for training (a recorded capture read and
/// normalized by the gateway's reader, a journal, or the synthetic market). The trainer feeds it, event by
/// event, to the same feature engine that serving uses.
/// </summary>
public interface IEventSource
{
    /// <summary>Where the events come from (recorded in the model's sidecar).</summary>
    string Description { get; }

    /// <summary>The events in order. Only events with <see cref="InputEvent.Valid"/> set are used.</summary>
    IEnumerable<InputEvent> Events();
}
