using System.Runtime.InteropServices;

namespace QuantumTrader.Engine.Queues;

// Design: a bounded single-producer single-consumer ring of structs. The producer owns the tail (writes it
// with release semantics after filling the slot), the consumer owns the head (writes it with release
// semantics after copying the slot out). Each side caches the other's index and re-reads it only when
// the ring looks full (producer) or empty (consumer). The head, the tail and the two cached copies each sit
// alone on a cache line (SpscIndexes, padded like the engine's Sequence), so a write by one thread never
// invalidates a line the other thread reads on every call. Capacity is a power of two; indices grow forever
// and are masked. Hand-written rather than ConcurrentQueue or System.Threading.Channels: those allocate
// segments or nodes as they grow and use interlocked operations for many producers, where one producer and
// one consumer need only a release store and an acquire load per item, and a fixed array of structs.

/// <summary>The queue's four hot indexes, each alone on a 64-byte cache line (56 bytes of padding before the
/// first and after the last, 56 between each).</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct SpscIndexes
{
    /// <summary>Offset of <see cref="Head"/>.</summary>
    internal const int HeadOffset = 56;

    /// <summary>Offset of <see cref="CachedTail"/>.</summary>
    internal const int CachedTailOffset = HeadOffset + 64;

    /// <summary>Offset of <see cref="Tail"/>.</summary>
    internal const int TailOffset = CachedTailOffset + 64;

    /// <summary>Offset of <see cref="CachedHead"/>.</summary>
    internal const int CachedHeadOffset = TailOffset + 64;

    /// <summary>Size of the struct: the last index plus 56 bytes of padding.</summary>
    internal const int Size = CachedHeadOffset + sizeof(long) + 56;

    /// <summary>Consumer-owned: the next index to take.</summary>
    [FieldOffset(HeadOffset)]
    public long Head;

    /// <summary>Consumer-owned: its view of <see cref="Tail"/>.</summary>
    [FieldOffset(CachedTailOffset)]
    public long CachedTail;

    /// <summary>Producer-owned: the next index to fill.</summary>
    [FieldOffset(TailOffset)]
    public long Tail;

    /// <summary>Producer-owned: its view of <see cref="Head"/>.</summary>
    [FieldOffset(CachedHeadOffset)]
    public long CachedHead;
}

/// <summary>A bounded, lock-free single-producer single-consumer queue of structs; no allocation after construction.</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <remarks>Exactly one producer thread calls <see cref="TryEnqueue"/>; exactly one consumer thread calls
/// <see cref="TryDequeue"/>. Enqueue publishes with a release write, dequeue observes with an acquire read.</remarks>
public sealed class SpscQueue<T>
    where T : struct
{
    private readonly T[] _items;
    private readonly long _mask;
    private SpscIndexes _indexes;

    /// <summary>Creates a queue of <paramref name="capacity"/> slots (a power of two).</summary>
    public SpscQueue(int capacity)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "capacity must be a power of two >= 2");
        }

        _items = new T[capacity];
        _mask = capacity - 1;
    }

    /// <summary>The consumer's index (for the layout test).</summary>
    internal ref long HeadRef => ref _indexes.Head;

    /// <summary>The producer's index (for the layout test).</summary>
    internal ref long TailRef => ref _indexes.Tail;

    /// <summary>The producer's cached copy of the consumer's index (for the layout test).</summary>
    internal ref long CachedHeadRef => ref _indexes.CachedHead;

    /// <summary>The consumer's cached copy of the producer's index (for the layout test).</summary>
    internal ref long CachedTailRef => ref _indexes.CachedTail;

    /// <summary>The mask, a field both threads read (for the layout test).</summary>
    internal ref readonly long MaskRef => ref _mask;

    /// <summary>True when the consumer sees nothing to take (a hint; exact only on the consumer thread).</summary>
    public bool IsEmpty => Volatile.Read(ref _indexes.Head) == Volatile.Read(ref _indexes.Tail);

    /// <summary>Producer: copies <paramref name="item"/> in; false when full.</summary>
    public bool TryEnqueue(in T item)
    {
        var tail = _indexes.Tail;
        if (tail - _indexes.CachedHead >= _items.Length)
        {
            _indexes.CachedHead = Volatile.Read(ref _indexes.Head);
            if (tail - _indexes.CachedHead >= _items.Length)
            {
                return false;
            }
        }

        _items[tail & _mask] = item;
        Volatile.Write(ref _indexes.Tail, tail + 1);
        return true;
    }

    /// <summary>
    /// Consumer: the oldest item in place (no copy), or a null reference when empty (test with
    /// <see cref="System.Runtime.CompilerServices.Unsafe.IsNullRef{T}(ref readonly T)"/>). The slot stays the consumer's
    /// until <see cref="Advance"/>: the producer does not write it before then.
    /// </summary>
    public ref readonly T PeekOrNullRef()
    {
        var head = _indexes.Head;
        if (head >= _indexes.CachedTail)
        {
            _indexes.CachedTail = Volatile.Read(ref _indexes.Tail);
            if (head >= _indexes.CachedTail)
            {
                return ref System.Runtime.CompilerServices.Unsafe.NullRef<T>();
            }
        }

        return ref _items[head & _mask];
    }

    /// <summary>Consumer: releases the item <see cref="PeekOrNullRef"/> returned (call only after a non-null peek).</summary>
    public void Advance() => Volatile.Write(ref _indexes.Head, _indexes.Head + 1);

    /// <summary>Consumer: takes the oldest item; false when empty.</summary>
    public bool TryDequeue(out T item)
    {
        var head = _indexes.Head;
        if (head >= _indexes.CachedTail)
        {
            _indexes.CachedTail = Volatile.Read(ref _indexes.Tail);
            if (head >= _indexes.CachedTail)
            {
                item = default;
                return false;
            }
        }

        item = _items[head & _mask];
        Volatile.Write(ref _indexes.Head, head + 1);
        return true;
    }
}
