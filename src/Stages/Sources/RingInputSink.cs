using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Stages.Sources;

/// <summary>
/// The input ring as an <see cref="IInputSink"/>: claims a slot, copies the event in, publishes. Back-pressure
/// policy: block (the claim waits while the ring is full); nothing is dropped or overwritten.
/// </summary>
/// <remarks>Thread-safe for several producers when the ring has a multi-producer sequencer.</remarks>
public sealed class RingInputSink : IInputSink
{
    private readonly RingBuffer<InputEvent> _ring;

    /// <summary>Creates the sink over <paramref name="ring"/>.</summary>
    public RingInputSink(RingBuffer<InputEvent> ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        _ring = ring;
    }

    /// <inheritdoc />
    public void Publish(in InputEvent input)
    {
        var sequence = _ring.Next();
        _ring[sequence] = input; // the whole slot: stage sections start clean for every event
        _ring.Publish(sequence);
    }

    /// <inheritdoc />
    public ref InputEvent Claim(out long token)
    {
        token = _ring.Next();
        return ref _ring[token];
    }

    /// <inheritdoc />
    public void Commit(long token) => _ring.Publish(token);
}
