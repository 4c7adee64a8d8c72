using System.Buffers.Binary;
using System.Runtime.InteropServices;
using QuantumTrader.Engine.Journal;
using Xunit;

namespace QuantumTrader.Engine.Tests.Journal;

public sealed unsafe class MappedBufferTests
{
    [Fact]
    public void Accessors_WriteLittleEndianAtTheOffset_AndReadBackWhatTheSpansSee()
    {
        var bytes = GC.AllocateArray<byte>(64, pinned: true);
        var buffer = new MappedBuffer((byte*)Marshal.UnsafeAddrOfPinnedArrayElement(bytes, 0), bytes.Length);

        buffer.Write(8, 0x0102030405060708L);
        buffer.Write<ushort>(17, 0xBEEF); // unaligned plain store
        buffer.VolatileWriteInt32(20, 42);

        Assert.Equal(0x0102030405060708L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(0xBEEF, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(17)));
        Assert.Equal(42, buffer.VolatileReadInt32(20));
        Assert.Equal(42, buffer.Read<int>(20));
        Assert.Equal(64, buffer.Length);
        Assert.Equal(bytes.AsSpan(8, 16).ToArray(), buffer.ReadOnlySpan(8, 16).ToArray());
        Assert.Equal(64 - 40, buffer.Tail(40).Length);
        buffer.Span(8, 8).Clear();
        Assert.Equal(0L, buffer.Read<long>(8));
    }
}
