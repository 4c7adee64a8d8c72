using System.Runtime.CompilerServices;
using QuantumTrader.Engine.Internal;
using QuantumTrader.Engine.Ring.Wait;

namespace QuantumTrader.Engine.Ring.Sequencing;

// Design: an abstract class, not an interface: RingBuffer calls it on every claim and publish through one
//   virtual call (a vtable slot, cheaper than interface dispatch; with one sequencer type in the process Tier-1
//   PGO makes it a guarded direct call). The gating sequences are an array replaced copy-on-write and read
//   with an acquire load, never under a lock: they change only while the pipeline is built.

/// <summary>
/// Hands out ring sequences to producers and tracks what is published, never letting a producer overwrite
/// a slot that a gating consumer has not consumed.
/// </summary>
/// <remarks>
/// Gating sequences and blocking wait strategies are registered while the pipeline is built, before any
/// thread runs; they are not meant to change while events flow.
/// </remarks>
public abstract class Sequencer
{
    private Sequence[] _gatingSequences = [];
    private IWaitStrategy[] _blockingStrategies = [];

    /// <summary>Creates a sequencer over a ring of <paramref name="bufferSize"/> slots (a power of two).</summary>
    protected Sequencer(int bufferSize)
    {
        if (bufferSize < 1 || !int.IsPow2(bufferSize))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(bufferSize), $"ring size must be a positive power of two, not {bufferSize}");
        }

        BufferSize = bufferSize;
    }

    /// <summary>The ring size.</summary>
    public int BufferSize { get; }

    /// <summary>The cursor: the highest claimed (multi-producer) or published (single-producer) sequence.</summary>
    public Sequence Cursor { get; } = new();

    /// <summary>The consumer sequences that gate the producer (the ends of the consumer graph).</summary>
    protected Sequence[] GatingSequences
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _gatingSequences);
    }

    /// <summary>Claims the next sequence, waiting while the ring is full.</summary>
    public long Next() => Next(1);

    /// <summary>Claims <paramref name="n"/> consecutive sequences and returns the highest, waiting while the ring is full.</summary>
    public abstract long Next(int n);

    /// <summary>Claims the next sequence if a slot is free now.</summary>
    public bool TryNext(out long sequence) => TryNext(1, out sequence);

    /// <summary>Claims <paramref name="n"/> sequences if that many slots are free now; returns the highest.</summary>
    public abstract bool TryNext(int n, out long sequence);

    /// <summary>Publishes <paramref name="sequence"/>: its slot becomes visible to consumers.</summary>
    public abstract void Publish(long sequence);

    /// <summary>Publishes the claimed range from <paramref name="low"/> to <paramref name="high"/>, inclusive.</summary>
    public abstract void Publish(long low, long high);

    /// <summary>True when <paramref name="sequence"/> is published and not yet overwritten.</summary>
    public abstract bool IsAvailable(long sequence);

    /// <summary>The highest published sequence in [<paramref name="low"/>, <paramref name="available"/>] with no gap before it.</summary>
    public abstract long GetHighestPublishedSequence(long low, long available);

    /// <summary>Slots free for claiming now.</summary>
    public long RemainingCapacity
    {
        get
        {
            var consumed = Sequence.GetMinimum(GatingSequences, Cursor.Value);
            return BufferSize - (Cursor.Value - consumed);
        }
    }

    /// <summary>The slowest gating sequence (the cursor when there are none).</summary>
    public long GetMinimumSequence() => Sequence.GetMinimum(GatingSequences, Cursor.Value);

    /// <summary>Adds consumer sequences that must pass a slot before it may be overwritten.</summary>
    public void AddGatingSequences(params Sequence[] sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var cursor = Cursor.Value;
        foreach (var s in sequences)
        {
            s.SetOrdered(cursor); // a new consumer starts at the current cursor, never behind it
        }

        Sequence[] current, updated;
        do
        {
            current = Volatile.Read(ref _gatingSequences);
            updated = [.. current, .. sequences];
        }
        while (Interlocked.CompareExchange(ref _gatingSequences, updated, current) != current);
    }

    /// <summary>Removes a gating sequence; returns false if it was not registered.</summary>
    public bool RemoveGatingSequence(Sequence sequence)
    {
        Sequence[] current, updated;
        do
        {
            current = Volatile.Read(ref _gatingSequences);
            var index = Array.IndexOf(current, sequence);
            if (index < 0)
            {
                return false;
            }

            updated = [.. current.AsSpan(0, index), .. current.AsSpan(index + 1)];
        }
        while (Interlocked.CompareExchange(ref _gatingSequences, updated, current) != current);
        return true;
    }

    /// <summary>Registers a blocking wait strategy of a consumer that waits on the cursor, to be signalled on publish.</summary>
    public void AddBlockingWaitStrategy(IWaitStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (!strategy.IsBlocking || Array.IndexOf(_blockingStrategies, strategy) >= 0)
        {
            return;
        }

        _blockingStrategies = [.. _blockingStrategies, strategy];
    }

    /// <summary>Creates a barrier for a consumer that waits on <paramref name="dependents"/> (none: the cursor).</summary>
    public SequenceBarrier NewBarrier(IWaitStrategy waitStrategy, params Sequence[] dependents)
    {
        ArgumentNullException.ThrowIfNull(waitStrategy);
        if (dependents.Length == 0)
        {
            AddBlockingWaitStrategy(waitStrategy);
        }

        return new SequenceBarrier(this, waitStrategy, dependents);
    }

    /// <summary>Wakes parked consumers of blocking strategies; a length check when there are none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void SignalBlockingWaiters()
    {
        var strategies = _blockingStrategies;
        for (var i = 0; i < strategies.Length; i++)
        {
            strategies[i].SignalAllWhenBlocking();
        }
    }

    /// <summary>Checks a claim size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void ValidateClaim(int n)
    {
        if ((uint)(n - 1) >= (uint)BufferSize)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(n), $"claim size must be between 1 and the ring size {BufferSize}");
        }
    }
}
