using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace QuantumTrader.Engine.Journal;

// Design:
//   The one place the journal turns a base pointer and an offset into memory access. A segment's bytes are
//   either a shared file mapping (MappedFile) or a pinned array (a decompressed segment), so the type is a
//   plain struct over a raw pointer and a length: no allocation, no handle, no pinning of its own, and the
//   owner (MappedFile, SegmentSource) keeps the memory alive. Each accessor names its memory semantics:
//   Read/Write are plain (unaligned-safe) loads and stores; VolatileReadInt32 is an acquire load and
//   VolatileWriteInt32 a release store (the commit marker of a record, the state of a header, the count of
//   the sparse index): on x64 both are plain moves the compiler may not reorder across. Offsets are checked
//   against the length in Debug builds only: the hot path (a record's commit) stays as cheap as raw pointer
//   arithmetic, and the callers validate lengths read from disk before they use them as offsets.

/// <summary>A view of raw memory (a mapped segment or a pinned buffer) with bounds-checked-in-Debug accessors.</summary>
internal readonly unsafe struct MappedBuffer
{
    private readonly byte* _base;

    /// <summary>A view of <paramref name="length"/> bytes at <paramref name="base"/>.</summary>
    public MappedBuffer(byte* @base, long length)
    {
        Debug.Assert(@base != null || length == 0, "a non-empty buffer needs memory");
        _base = @base;
        Length = length;
    }

    /// <summary>Bytes in the view.</summary>
    public long Length { get; }

    /// <summary>A plain load of a <typeparamref name="T"/> at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Read<T>(long offset)
        where T : unmanaged
    {
        CheckRange(offset, sizeof(T));
        return Unsafe.ReadUnaligned<T>(_base + offset);
    }

    /// <summary>A plain store of a <typeparamref name="T"/> at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write<T>(long offset, T value)
        where T : unmanaged
    {
        CheckRange(offset, sizeof(T));
        Unsafe.WriteUnaligned(_base + offset, value);
    }

    /// <summary>An acquire load of the 4-byte-aligned int at <paramref name="offset"/> (another thread or process writes it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int VolatileReadInt32(long offset)
    {
        CheckAligned(offset);
        return Volatile.Read(ref *(int*)(_base + offset));
    }

    /// <summary>A release store of the 4-byte-aligned int at <paramref name="offset"/>: every store before it is visible first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void VolatileWriteInt32(long offset, int value)
    {
        CheckAligned(offset);
        Volatile.Write(ref *(int*)(_base + offset), value);
    }

    /// <summary>The bytes [offset, offset + length), writable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Span(long offset, int length)
    {
        CheckRange(offset, length);
        return new Span<byte>(_base + offset, length);
    }

    /// <summary>The bytes [offset, offset + length), read-only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadOnlySpan(long offset, int length)
    {
        CheckRange(offset, length);
        return new ReadOnlySpan<byte>(_base + offset, length);
    }

    /// <summary>The bytes from <paramref name="offset"/> to the end, at most <see cref="int.MaxValue"/> of them.</summary>
    public Span<byte> Tail(long offset) => Span(offset, (int)Math.Min(Length - offset, int.MaxValue));

    /// <summary>The address of [offset, offset + length), for a system call (msync, madvise) on the range.</summary>
    public byte* Address(long offset, long length)
    {
        CheckRange(offset, length);
        return _base + offset;
    }

    [Conditional("DEBUG")]
    private void CheckRange(long offset, long length) =>
        Debug.Assert(offset >= 0 && length >= 0 && offset <= Length - length, $"[{offset}, {offset} + {length}) is outside a buffer of {Length} bytes");

    [Conditional("DEBUG")]
    private void CheckAligned(long offset)
    {
        CheckRange(offset, sizeof(int));
        Debug.Assert((offset & 3) == 0, $"offset {offset} is not 4-byte aligned");
    }
}
