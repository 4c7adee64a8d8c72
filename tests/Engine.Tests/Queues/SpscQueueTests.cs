using QuantumTrader.Engine.Queues;
using Xunit;

namespace QuantumTrader.Engine.Tests.Queues;

public sealed class SpscQueueTests
{
    [Fact]
    public void TryEnqueue_Full_FalseThenDrainsInOrder()
    {
        var q = new SpscQueue<long>(4);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(q.TryEnqueue(i));
        }

        Assert.False(q.TryEnqueue(99));
        for (var i = 0; i < 4; i++)
        {
            Assert.True(q.TryDequeue(out var v));
            Assert.Equal(i, v);
        }

        Assert.False(q.TryDequeue(out _));
    }

    [Fact]
    public void PeekOrNullRef_GivesTheOldestInPlace_UntilAdvance_AndNullWhenEmpty()
    {
        var q = new SpscQueue<long>(2);
        Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(in q.PeekOrNullRef()));
        Assert.True(q.TryEnqueue(7));
        Assert.True(q.TryEnqueue(8));
        Assert.False(q.TryEnqueue(9)); // the peeked slot is still the consumer's: full
        ref readonly var first = ref q.PeekOrNullRef();
        Assert.Equal(7, first);
        Assert.Equal(7, q.PeekOrNullRef()); // peeking again does not consume
        q.Advance();
        Assert.True(q.TryEnqueue(9));
        Assert.Equal(8, q.PeekOrNullRef());
        q.Advance();
        Assert.Equal(9, q.PeekOrNullRef());
        q.Advance();
        Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(in q.PeekOrNullRef()));
    }

    [Fact(Timeout = 10_000)]
    [Trait("Category", "Integration")]
    public async Task TryDequeue_ConcurrentProducer_EveryItemOnceInOrder()
    {
        const int n = 20_000;
        var q = new SpscQueue<long>(64);
        var producer = Task.Run(() =>
        {
            for (long i = 0; i < n; i++)
            {
                while (!q.TryEnqueue(i))
                {
                    Thread.SpinWait(1);
                }
            }
        });
        long expected = 0;
        var deadline = Environment.TickCount64 + 60_000; // the loop below never awaits: the Timeout cannot end it
        while (expected < n)
        {
            Assert.True(Environment.TickCount64 < deadline, $"dequeued {expected} of {n}; producer faulted: {producer.IsFaulted}");
            if (q.TryDequeue(out var v))
            {
                Assert.Equal(expected, v);
                expected++;
            }
        }

        await producer;
        Assert.False(q.TryDequeue(out _));
    }

    [Fact]
    public void Constructor_NotPowerOfTwo_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new SpscQueue<int>(3));
}
