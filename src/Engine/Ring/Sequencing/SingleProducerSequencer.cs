using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QuantumTrader.Engine.Ring.Sequencing;

// Design:
//   One producer thread owns _state: the last claimed sequence and a cache of the slowest gating
//   consumer. The cache spares a read of every consumer's cache line on almost every claim: the producer
//   only re-reads consumers when the claim would wrap past the cached value. The cursor is written only
//   on publish (release store), so consumers see a slot's contents before its sequence.
//   _state is padded so that the producer's private fields share no cache line with the cursor or with
//   anything the consumers read.

/// <summary>Sequencer for exactly one producer thread: no atomic instructions on claim or publish.</summary>
/// <remarks>Calling <see cref="Sequencer.Next(int)"/> or Publish from two threads corrupts the ring.</remarks>
public sealed class SingleProducerSequencer : Sequencer
{
    private ProducerState _state;

    /// <summary>Creates the sequencer.</summary>
    public SingleProducerSequencer(int bufferSize)
        : base(bufferSize)
    {
        _state.NextValue = Sequence.InitialValue;
        _state.CachedGating = Sequence.InitialValue;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next(int n)
    {
        ValidateClaim(n);
        var nextValue = _state.NextValue;
        var nextSequence = nextValue + n;
        var wrapPoint = nextSequence - BufferSize;
        var cachedGating = _state.CachedGating;
        if (wrapPoint > cachedGating || cachedGating > nextValue)
        {
            WaitForCapacity(nextValue, wrapPoint);
        }

        _state.NextValue = nextSequence;
        return nextSequence;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForCapacity(long nextValue, long wrapPoint)
    {
        Cursor.SetVolatile(nextValue); // StoreLoad: consumers must see the cursor before we read their sequences
        var spinner = default(SpinWait);
        long minSequence;
        while (wrapPoint > (minSequence = Sequence.GetMinimum(GatingSequences, nextValue)))
        {
            SignalBlockingWaiters();
            spinner.SpinOnce(sleep1Threshold: -1); // yields, never sleeps 1 ms: back-pressure, not a stall
        }

        _state.CachedGating = minSequence;
    }

    /// <inheritdoc />
    public override bool TryNext(int n, out long sequence)
    {
        ValidateClaim(n);
        var nextValue = _state.NextValue;
        var nextSequence = nextValue + n;
        var wrapPoint = nextSequence - BufferSize;
        var cachedGating = _state.CachedGating;
        if (wrapPoint > cachedGating || cachedGating > nextValue)
        {
            Cursor.SetVolatile(nextValue);
            var minSequence = Sequence.GetMinimum(GatingSequences, nextValue);
            _state.CachedGating = minSequence;
            if (wrapPoint > minSequence)
            {
                sequence = 0;
                return false;
            }
        }

        _state.NextValue = nextSequence;
        sequence = nextSequence;
        return true;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long sequence)
    {
        Cursor.SetOrdered(sequence);
        SignalBlockingWaiters();
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long low, long high) => Publish(high);

    /// <inheritdoc />
    public override bool IsAvailable(long sequence)
    {
        var cursor = Cursor.Value;
        return sequence <= cursor && sequence > cursor - BufferSize;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long GetHighestPublishedSequence(long low, long available) => available;

    /// <summary>The producer's private fields, padded (internal for the layout test).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    internal struct ProducerState
    {
        [FieldOffset(56)]
        public long NextValue;

        [FieldOffset(64)]
        public long CachedGating;
    }
}
