using System.Runtime.InteropServices;

namespace QuantumTrader.Gateway.Binance.Common;

// Design: a bounded single-producer single-consumer ring of structs. The producer owns _tail (writes it
// with release semantics after filling the slot), the consumer owns _head (writes it with release
// semantics after copying the slot out). Each side caches the other's index and re-reads it only when
// the ring looks full (producer) or empty (consumer). Head and tail sit on separate cache lines so the
// two threads do not false-share. Capacity is a power of two; indices grow forever and are masked.

/// <summary>A 64-bit index alone on its cache line (64 bytes of padding each side).</summary>
[StructLayout(LayoutKind.Explicit, Size = 136)]
internal struct PaddedIndex
{
    /// <summary>The index.</summary>
    [FieldOffset(64)]
    public long Value;
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
    private PaddedIndex _head; // consumer-owned
    private PaddedIndex _tail; // producer-owned
    private long _cachedHead;  // producer's view of _head
    private long _cachedTail;  // consumer's view of _tail

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

    /// <summary>True when the consumer sees nothing to take (a hint; exact only on the consumer thread).</summary>
    public bool IsEmpty => Volatile.Read(ref _head.Value) == Volatile.Read(ref _tail.Value);

    /// <summary>Producer: copies <paramref name="item"/> in; false when full.</summary>
    public bool TryEnqueue(in T item)
    {
        var tail = _tail.Value;
        if (tail - _cachedHead >= _items.Length)
        {
            _cachedHead = Volatile.Read(ref _head.Value);
            if (tail - _cachedHead >= _items.Length)
            {
                return false;
            }
        }

        _items[tail & _mask] = item;
        Volatile.Write(ref _tail.Value, tail + 1);
        return true;
    }

    /// <summary>Consumer: takes the oldest item; false when empty.</summary>
    public bool TryDequeue(out T item)
    {
        var head = _head.Value;
        if (head >= _cachedTail)
        {
            _cachedTail = Volatile.Read(ref _tail.Value);
            if (head >= _cachedTail)
            {
                item = default;
                return false;
            }
        }

        item = _items[head & _mask];
        Volatile.Write(ref _head.Value, head + 1);
        return true;
    }
}
