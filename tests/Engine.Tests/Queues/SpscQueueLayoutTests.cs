using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using QuantumTrader.Engine.Queues;
using Xunit;

namespace QuantumTrader.Engine.Tests.Queues;

/// <summary>The SPSC queue's two indexes and the two cached copies each sit alone on a cache line, checked on
/// the real object layout: any two of them, and each of them and the fields both threads read, are at least a
/// cache line apart.</summary>
public sealed class SpscQueueLayoutTests
{
    private const int CacheLine = 64;

    [Fact]
    public void HotIndexes_EachOnItsOwnCacheLine()
    {
        var queue = new SpscQueue<long>(8);
        // Offsets from the mask, each taken in one call on two live references (the object may move between calls).
        var hot = new[]
        {
            ("head", Offset(queue, ref queue.HeadRef)),
            ("cachedTail", Offset(queue, ref queue.CachedTailRef)),
            ("tail", Offset(queue, ref queue.TailRef)),
            ("cachedHead", Offset(queue, ref queue.CachedHeadRef)),
        };
        const long mask = 0;

        for (var i = 0; i < hot.Length; i++)
        {
            Assert.True(Math.Abs(hot[i].Item2 - mask) >= CacheLine, $"{hot[i].Item1} is {Math.Abs(hot[i].Item2 - mask)} bytes from the mask");
            for (var j = i + 1; j < hot.Length; j++)
            {
                var distance = Math.Abs(hot[i].Item2 - hot[j].Item2);
                Assert.True(distance >= CacheLine, $"{hot[i].Item1} and {hot[j].Item1} are {distance} bytes apart");
            }
        }
    }

    [Fact]
    public void Indexes_PaddedOnBothSides()
    {
        // 56 bytes before the first and after the last hot field: wherever the object lands on the heap, no field
        // of the queue or of a neighbouring object shares their line (fields are 8-byte aligned).
        Assert.Equal(56, (int)Marshal.OffsetOf<SpscIndexes>(nameof(SpscIndexes.Head)));
        Assert.Equal(120, (int)Marshal.OffsetOf<SpscIndexes>(nameof(SpscIndexes.CachedTail)));
        Assert.Equal(184, (int)Marshal.OffsetOf<SpscIndexes>(nameof(SpscIndexes.Tail)));
        Assert.Equal(248, (int)Marshal.OffsetOf<SpscIndexes>(nameof(SpscIndexes.CachedHead)));
        Assert.Equal(248 + 8 + 56, Unsafe.SizeOf<SpscIndexes>());
    }

    private static long Offset(SpscQueue<long> queue, ref long field) =>
        (long)Unsafe.ByteOffset(ref Unsafe.AsRef(in queue.MaskRef), ref field);
}
