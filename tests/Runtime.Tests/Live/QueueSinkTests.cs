using QuantumTrader.Engine.Threading;
using QuantumTrader.Runtime.Live;
using QuantumTrader.Model;

namespace QuantumTrader.Runtime.Tests.Live;

public sealed class QueueSinkTests
{
    [Fact]
    public void Publish_ThenTake_SameEventsInOrder()
    {
        var q = new QueueSink(8);
        for (var i = 1; i <= 5; i++)
        {
            q.Publish(new InputEvent { Kind = InputKind.Trade, SourceSequence = i });
        }

        for (var i = 1; i <= 5; i++)
        {
            Assert.True(q.TryTake(out var e));
            Assert.Equal(i, e.SourceSequence);
        }

        Assert.False(q.TryTake(out _));
    }

    [Fact]
    public void Publish_FullAfterClose_DiscardsAndCountsInsteadOfBlocking()
    {
        var q = new QueueSink(2);
        q.Publish(new InputEvent { SourceSequence = 1 });
        q.Publish(new InputEvent { SourceSequence = 2 });
        q.Close();

        q.Publish(new InputEvent { SourceSequence = 3 });

        Assert.Equal(1, q.Discarded);
        Assert.Equal(1, q.Waits);
    }

    [Fact]
    public void Publish_FullQueue_WaitsThroughItsIdleStrategy()
    {
        QueueSink? sink = null;
        var idle = new ClosingIdle(() => sink!.Close());
        sink = new QueueSink(2, idle);
        sink.Publish(new InputEvent { SourceSequence = 1 });
        sink.Publish(new InputEvent { SourceSequence = 2 });
        Assert.Equal((0, 0), (idle.Resets, idle.Idles));

        sink.Publish(new InputEvent { SourceSequence = 3 });

        Assert.Equal((1, 1), (idle.Resets, idle.Idles));
        Assert.Equal(1, sink.Discarded);
    }

    [Fact(Timeout = 10_000)]
    public async Task Publish_FullQueue_WaitsUntilTheConsumerTakes()
    {
        var q = new QueueSink(2);
        q.Publish(new InputEvent { SourceSequence = 1 });
        q.Publish(new InputEvent { SourceSequence = 2 });

        var producer = Task.Run(() => q.Publish(new InputEvent { SourceSequence = 3 }));
        while (q.Waits == 0)
        {
            await Task.Delay(1);
        }

        Assert.False(producer.IsCompleted);
        Assert.True(q.TryTake(out var first));
        await producer;

        Assert.Equal(1, first.SourceSequence);
        Assert.True(q.TryTake(out var second));
        Assert.True(q.TryTake(out var third));
        Assert.Equal((2L, 3L, 0L), (second.SourceSequence, third.SourceSequence, q.Discarded));
    }

    [Fact]
    public void PublishTakeObserve_AfterWarmUp_AllocatesNothing()
    {
        var q = new QueueSink(1024);
        var tracker = new FeedStateTracker(4);
        var trade = new InputEvent { Kind = InputKind.Trade, SymbolId = 1 };
        var state = new InputEvent { Kind = InputKind.FeedState, SymbolId = 2, Code = (ushort)FeedStateCode.BookInSync };
        for (var i = 0; i < 50; i++)
        {
            Pump(q, tracker, trade, state, 1_000);
        }

        // Rounds of 100,000 events: a per-event allocation shows in every round; the runtime's own one-off
        // work (tier-up, call-counting stubs) may land in one round, so the quietest round must be zero.
        var quietest = long.MaxValue;
        for (var round = 0; round < 5 && quietest != 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Pump(q, tracker, trade, state, 100_000);
            quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, quietest);
        Assert.Equal(1, tracker.BooksInSync);
    }

    private static void Pump(QueueSink q, FeedStateTracker tracker, InputEvent trade, InputEvent state, int events)
    {
        for (var i = 0; i < events; i++)
        {
            q.Publish(i % 2 == 0 ? trade : state);
            q.TryTake(out var e);
            tracker.Observe(e);
        }
    }

    /// <summary>Counts the calls; its first idle step closes the sink (the consumer went away).</summary>
    private sealed class ClosingIdle(Action onIdle) : IIdleStrategy
    {
        public int Resets { get; private set; }

        public int Idles { get; private set; }

        public void Idle(int workCount)
        {
            Idles++;
            onIdle();
        }

        public void Reset() => Resets++;
    }
}
