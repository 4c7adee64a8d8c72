using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using QuantumTrader.Engine.Ring.Sequencing;
using QuantumTrader.Engine.Ring.Wait;

namespace QuantumTrader.Engine.Ring;

// Design:
//   A power-of-two array of pre-allocated struct slots, indexed by sequence & mask. Producers claim a
//   sequence from the sequencer, write the slot through a ref, and publish; consumers read slots by ref.
//   The array carries 128 bytes of unused slots at both ends so that the first and last real slots share
//   no cache line with the array header or a neighbouring object.
//   Slots are never allocated or cleared after construction: every writer overwrites what it owns.
//   Hand-written from the LMAX idea rather than taken from a package (the Disruptor package is not served
//   here): the indexer is one mask and one add on the array's data reference, with no bounds check, because
//   the mask keeps every sequence inside the array.

/// <summary>A ring of pre-allocated struct slots with claim / access-by-ref / publish.</summary>
/// <typeparam name="T">The slot type.</typeparam>
/// <remarks>Thread safety is the sequencer's: single-producer rings must be claimed from one thread.</remarks>
public sealed class RingBuffer<T>
    where T : struct
{
    private readonly T[] _entries;
    private readonly long _indexMask;
    private readonly int _padding;

    /// <summary>Creates a ring over <paramref name="sequencer"/>'s size.</summary>
    public RingBuffer(Sequencer sequencer)
    {
        ArgumentNullException.ThrowIfNull(sequencer);
        Sequencer = sequencer;
        _padding = (128 + Unsafe.SizeOf<T>() - 1) / Unsafe.SizeOf<T>();
        _entries = new T[sequencer.BufferSize + (2 * _padding)];
        _indexMask = sequencer.BufferSize - 1;
    }

    /// <summary>Creates a ring for one producer thread.</summary>
    public static RingBuffer<T> CreateSingleProducer(int size) => new(new SingleProducerSequencer(size));

    /// <summary>Creates a ring for any number of producer threads.</summary>
    public static RingBuffer<T> CreateMultiProducer(int size) => new(new MultiProducerSequencer(size));

    /// <summary>The sequencer.</summary>
    public Sequencer Sequencer { get; }

    /// <summary>Number of slots.</summary>
    public int BufferSize => Sequencer.BufferSize;

    /// <summary>The producer cursor.</summary>
    public Sequence Cursor => Sequencer.Cursor;

    /// <summary>The slot for <paramref name="sequence"/>, by reference.</summary>
    public ref T this[long sequence]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), (nint)(sequence & _indexMask) + _padding);
    }

    /// <summary>Claims the next slot (waits while the ring is full) and returns its sequence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next() => Sequencer.Next(1);

    /// <summary>Claims <paramref name="n"/> slots and returns the highest sequence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next(int n) => Sequencer.Next(n);

    /// <summary>Claims the next slot if one is free now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNext(out long sequence) => Sequencer.TryNext(1, out sequence);

    /// <summary>Claims <paramref name="n"/> slots if free now; <paramref name="sequence"/> is the highest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNext(int n, out long sequence) => Sequencer.TryNext(n, out sequence);

    /// <summary>Publishes one claimed slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long sequence) => Sequencer.Publish(sequence);

    /// <summary>Publishes a claimed range, inclusive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long low, long high) => Sequencer.Publish(low, high);

    /// <summary>Creates a consumer barrier on <paramref name="dependents"/> (none: the producer cursor).</summary>
    public SequenceBarrier NewBarrier(IWaitStrategy waitStrategy, params Sequence[] dependents) => Sequencer.NewBarrier(waitStrategy, dependents);

    /// <summary>Adds consumer sequences that gate the producer.</summary>
    public void AddGatingSequences(params Sequence[] sequences) => Sequencer.AddGatingSequences(sequences);
}
