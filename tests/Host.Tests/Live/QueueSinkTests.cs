using QuantumTrader.Host.Live;
using QuantumTrader.Stages.Model;

namespace QuantumTrader.Host.Tests.Live;

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
        for (var i = 0; i < 2_000; i++)
        {
            q.Publish(i % 2 == 0 ? trade : state);
            q.TryTake(out var e);
            tracker.Observe(e);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            q.Publish(i % 2 == 0 ? trade : state);
            q.TryTake(out var e);
            tracker.Observe(e);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1, tracker.BooksInSync);
    }
}
