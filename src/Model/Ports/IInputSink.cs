using QuantumTrader.Model;

namespace QuantumTrader.Model.Ports;

/// <summary>
/// Where producers (market data, user data, exchange responses, control, timer) put events: the input
/// ring, in production. Thread-safe for several producers when backed by a multi-producer ring.
/// </summary>
public interface IInputSink
{
    /// <summary>Copies <paramref name="input"/>'s input section into the next slot and publishes it.
    /// May block (back-pressure) when the ring is full, per the configured policy.</summary>
    void Publish(in InputEvent input);
}
