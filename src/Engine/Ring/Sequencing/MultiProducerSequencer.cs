using System.Runtime.CompilerServices;

namespace QuantumTrader.Engine.Ring.Sequencing;

// Design:
//   Producers claim with one atomic add on the cursor, so the cursor runs ahead of what is published.
//   Publication is recorded per slot in _availableBuffer: slot i holds the "lap" (sequence >> log2(size))
//   of the last sequence published into it, written with release semantics after the slot's contents.
//   A consumer that waits on the cursor therefore scans the availability flags from its next sequence up
//   to the cursor and stops at the first gap (GetHighestPublishedSequence). Laps make stale flags from the
//   previous round unequal without clearing them.
//   _gatingCache holds the slowest consumer seen by any producer; it is a padded Sequence because all
//   producers read and write it.
//   A claim that would wrap waits (spinning, then yielding) until consumers free the slots: the ring is the
//   back-pressure, nothing is overwritten or dropped.

/// <summary>Sequencer for any number of producer threads.</summary>
/// <remarks>Next/TryNext/Publish are safe from any thread. Each claimed sequence must be published exactly once.</remarks>
public sealed class MultiProducerSequencer : Sequencer
{
    private readonly Sequence _gatingCache = new();
    private readonly int[] _availableBuffer;
    private readonly int _indexMask;
    private readonly int _indexShift;

    /// <summary>Creates the sequencer.</summary>
    public MultiProducerSequencer(int bufferSize)
        : base(bufferSize)
    {
        _availableBuffer = new int[bufferSize];
        _availableBuffer.AsSpan().Fill(-1);
        _indexMask = bufferSize - 1;
        _indexShift = System.Numerics.BitOperations.Log2((uint)bufferSize);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next(int n)
    {
        ValidateClaim(n);
        var next = Cursor.AddAndGet(n);
        var current = next - n;
        var wrapPoint = next - BufferSize;
        var cachedGating = _gatingCache.GetVolatile();
        if (wrapPoint > cachedGating || cachedGating > current)
        {
            WaitForCapacity(current, wrapPoint);
        }

        return next;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForCapacity(long current, long wrapPoint)
    {
        var spinner = default(SpinWait);
        long gatingSequence;
        while (wrapPoint > (gatingSequence = Sequence.GetMinimum(GatingSequences, current)))
        {
            SignalBlockingWaiters();
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        _gatingCache.SetOrdered(gatingSequence);
    }

    /// <inheritdoc />
    public override bool TryNext(int n, out long sequence)
    {
        ValidateClaim(n);
        long current, next;
        do
        {
            current = Cursor.GetVolatile();
            next = current + n;
            var wrapPoint = next - BufferSize;
            var cachedGating = _gatingCache.GetVolatile();
            if (wrapPoint > cachedGating || cachedGating > current)
            {
                var gatingSequence = Sequence.GetMinimum(GatingSequences, current);
                _gatingCache.SetOrdered(gatingSequence);
                if (wrapPoint > gatingSequence)
                {
                    sequence = 0;
                    return false;
                }
            }
        }
        while (!Cursor.CompareAndSet(current, next));

        sequence = next;
        return true;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long sequence)
    {
        SetAvailable(sequence);
        SignalBlockingWaiters();
    }

    /// <inheritdoc />
    public override void Publish(long low, long high)
    {
        for (var s = low; s <= high; s++)
        {
            SetAvailable(s);
        }

        SignalBlockingWaiters();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetAvailable(long sequence)
    {
        ref var flag = ref Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_availableBuffer), (int)sequence & _indexMask);
        Volatile.Write(ref flag, (int)(sequence >>> _indexShift));
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool IsAvailable(long sequence)
    {
        ref var flag = ref Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_availableBuffer), (int)sequence & _indexMask);
        return Volatile.Read(ref flag) == (int)(sequence >>> _indexShift);
    }

    /// <inheritdoc />
    public override long GetHighestPublishedSequence(long low, long available)
    {
        for (var s = low; s <= available; s++)
        {
            if (!IsAvailable(s))
            {
                return s - 1;
            }
        }

        return available;
    }
}
