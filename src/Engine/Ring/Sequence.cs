using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QuantumTrader.Engine.Ring;

// Design:
//   A 64-bit counter that one thread writes and other threads read: a producer's cursor or a consumer's
//   progress. The value sits alone on its own cache lines: 56 bytes of padding before it (after the object
//   header and method table pointer) and 56 after, so that no other hot field shares its 64-byte line, nor
//   the adjacent line that the AMD/Intel spatial prefetcher pulls in pairs. The method names state the
//   memory semantics (Agrona style): GetVolatile is an acquire load, SetOrdered a release store (cheap: a plain
//   MOV on x86), SetVolatile a store followed by a full fence (StoreLoad), CompareAndSet/AddAndGet are atomic.

/// <summary>A padded sequence counter with explicit memory-ordering semantics.</summary>
/// <remarks>
/// Threading: any thread may read; by convention one thread writes (except through the atomic methods,
/// which the multi-producer sequencer uses to claim). Layout is verified by a test.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 120)]
public sealed class Sequence
{
    /// <summary>The value a sequence starts from: nothing published yet.</summary>
    public const long InitialValue = -1;

    /// <summary>Byte offset of the value inside the object's fields (verified by a layout test).</summary>
    internal const int ValueOffset = 56;

    [FieldOffset(ValueOffset)]
    private long _value;

    /// <summary>Creates a sequence starting at <paramref name="initialValue"/>.</summary>
    public Sequence(long initialValue = InitialValue) => _value = initialValue;

    /// <summary>A reference to the value field (layout tests only).</summary>
    internal ref long ValueRef => ref _value;

    /// <summary>The value, read with acquire semantics.</summary>
    public long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _value);
    }

    /// <summary>Reads the value with acquire semantics.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetVolatile() => Volatile.Read(ref _value);

    /// <summary>Reads the value with no ordering guarantee (the owner thread reading its own value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetPlain() => _value;

    /// <summary>Stores with release semantics: earlier writes (the slot's contents) are visible first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetOrdered(long value) => Volatile.Write(ref _value, value);

    /// <summary>Stores and then issues a full fence, so later loads are not reordered before the store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetVolatile(long value)
    {
        Volatile.Write(ref _value, value);
        Interlocked.MemoryBarrier();
    }

    /// <summary>Atomically sets the value to <paramref name="next"/> if it equals <paramref name="expected"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CompareAndSet(long expected, long next) => Interlocked.CompareExchange(ref _value, next, expected) == expected;

    /// <summary>Atomically adds <paramref name="increment"/> and returns the new value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long AddAndGet(long increment) => Interlocked.Add(ref _value, increment);

    /// <summary>Atomically adds one and returns the new value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long IncrementAndGet() => Interlocked.Increment(ref _value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The minimum of <paramref name="sequences"/>, or <paramref name="minimum"/> if smaller or if there are none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long GetMinimum(Sequence[] sequences, long minimum = long.MaxValue)
    {
        for (var i = 0; i < sequences.Length; i++)
        {
            var value = sequences[i].Value;
            if (value < minimum)
            {
                minimum = value;
            }
        }

        return minimum;
    }
}
