using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Sequencing;
using Xunit;

namespace QuantumTrader.Engine.Tests.Ring;

/// <summary>The hot counters sit alone on their cache lines: checked on the real object layout.</summary>
public sealed class PaddingLayoutTests
{
    [Fact]
    public void Sequence_ValueField_Has56BytesBeforeAndAfterInsideObject()
    {
        var sequence = new Sequence(42);
        ref var firstField = ref Unsafe.As<RawObject>(sequence).FirstByte;
        ref var value = ref Unsafe.As<long, byte>(ref sequence.ValueRef);
        var offset = (long)Unsafe.ByteOffset(ref firstField, ref value);
        Assert.Equal(Sequence.ValueOffset, offset);
        Assert.Equal(56, offset);

        var layout = typeof(Sequence).StructLayoutAttribute!;
        Assert.Equal(LayoutKind.Explicit, layout.Value);
        Assert.Equal(120, layout.Size); // 56 + 8 + 56
        Assert.Equal(42, sequence.Value);
    }

    [Fact]
    public void ProducerState_PrivateFields_PaddedToTwoCacheLines()
    {
        Assert.Equal(128, Unsafe.SizeOf<SingleProducerSequencer.ProducerState>());
        Assert.Equal(56, (int)Marshal.OffsetOf<SingleProducerSequencer.ProducerState>("NextValue"));
        Assert.Equal(64, (int)Marshal.OffsetOf<SingleProducerSequencer.ProducerState>("CachedGating"));
    }

    [Fact]
    public void RingBuffer_Entries_PaddedAtBothEnds()
    {
        var ring = RingBuffer<long>.CreateSingleProducer(8);
        ref var first = ref ring[0];
        ref var last = ref ring[7];
        Assert.Equal(7 * sizeof(long), (long)Unsafe.ByteOffset(ref first, ref last));
        var entries = (long[])typeof(RingBuffer<long>).GetField("_entries", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(ring)!;
        ref var arrayStart = ref MemoryMarshal.GetArrayDataReference(entries);
        Assert.Equal(128, (long)Unsafe.ByteOffset(ref arrayStart, ref first));
        Assert.Equal(8 + 32, entries.Length); // 16 padding slots of 8 bytes on each side
    }

    private sealed class RawObject
    {
#pragma warning disable CS0649 // Never assigned: only its address is used, to find where an object's fields start.
        public byte FirstByte;
#pragma warning restore CS0649
    }
}
