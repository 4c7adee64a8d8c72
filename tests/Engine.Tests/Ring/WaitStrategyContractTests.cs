using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Sequencing;
using QuantumTrader.Engine.Ring.Wait;
using QuantumTrader.Testing.Ring;
using Xunit;

namespace QuantumTrader.Engine.Tests.Ring;

/// <summary>The behaviour every wait strategy must have; one sealed subclass per implementation.</summary>
public abstract class WaitStrategyContractTests
{
    protected abstract IWaitStrategy Create();

    [Fact]
    public void WaitFor_AlreadyPublished_ReturnsHighestAvailable()
    {
        var sequencer = new SingleProducerSequencer(16);
        sequencer.Publish(sequencer.Next(3));
        var barrier = sequencer.NewBarrier(Create());
        Assert.Equal(2, barrier.WaitFor(0));
    }

    [Fact]
    public void WaitFor_PublishedByAnotherThread_ReturnsOncePublished()
    {
        var sequencer = new SingleProducerSequencer(16);
        var barrier = sequencer.NewBarrier(Create());
        long result = -1;
        var started = 0;
        var waiter = new Thread(() =>
        {
            Volatile.Write(ref started, 1);
            long r;
            do
            {
                r = barrier.WaitFor(0); // blocking strategies may time out and return less: wait again
            }
            while (r < 0);
            Volatile.Write(ref result, r);
        });
        waiter.Start();
        Assert.True(Poll.Until(() => Volatile.Read(ref started) == 1)); // it runs: an unscheduled waiter would pass the next check
        Assert.False(Poll.Until(() => Volatile.Read(ref result) >= 0, TimeSpan.FromMilliseconds(100)));
        sequencer.Publish(sequencer.Next());
        Assert.True(Poll.Until(() => Volatile.Read(ref result) >= 0));
        Assert.Equal(0, Volatile.Read(ref result));
        Assert.True(waiter.Join(TimeSpan.FromMinutes(1)), "the waiting thread did not finish");
    }

    [Fact]
    public void WaitFor_DependsOnConsumer_WaitsForConsumerNotCursor()
    {
        var sequencer = new SingleProducerSequencer(16);
        var upstream = new Sequence();
        var strategy = Create();
        var barrier = sequencer.NewBarrier(strategy, upstream);
        sequencer.Publish(sequencer.Next(5));
        long result = -1;
        var started = 0;
        var waiter = new Thread(() =>
        {
            Volatile.Write(ref started, 1);
            long r;
            do
            {
                r = barrier.WaitFor(3);
            }
            while (r < 3);
            Volatile.Write(ref result, r);
        });
        waiter.Start();
        Assert.True(Poll.Until(() => Volatile.Read(ref started) == 1)); // it runs: an unscheduled waiter would pass the next check
        Assert.False(Poll.Until(() => Volatile.Read(ref result) >= 0, TimeSpan.FromMilliseconds(100)));
        upstream.SetOrdered(3);
        strategy.SignalAllWhenBlocking();
        Assert.True(Poll.Until(() => Volatile.Read(ref result) >= 0));
        Assert.Equal(3, Volatile.Read(ref result));
        Assert.True(waiter.Join(TimeSpan.FromMinutes(1)), "the waiting thread did not finish");
    }

    [Fact]
    public void WaitFor_AlertedWhileWaiting_ThrowsAlert()
    {
        var sequencer = new SingleProducerSequencer(16);
        var barrier = sequencer.NewBarrier(Create());
        var alerted = 0;
        var waiter = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    barrier.WaitFor(0);
                }
            }
            catch (AlertException)
            {
                Volatile.Write(ref alerted, 1);
            }
        });
        waiter.Start();
        barrier.Alert();
        Assert.True(Poll.Until(() => Volatile.Read(ref alerted) == 1));
        Assert.True(waiter.Join(TimeSpan.FromMinutes(1)), "the waiting thread did not finish");
    }
}

public sealed class BusySpinWaitStrategyTests : WaitStrategyContractTests
{
    protected override IWaitStrategy Create() => new BusySpinWaitStrategy();
}

public sealed class YieldingWaitStrategyTests : WaitStrategyContractTests
{
    protected override IWaitStrategy Create() => new YieldingWaitStrategy();
}

public sealed class SleepingWaitStrategyTests : WaitStrategyContractTests
{
    protected override IWaitStrategy Create() => new SleepingWaitStrategy();
}

public sealed class BlockingWaitStrategyTests : WaitStrategyContractTests
{
    protected override IWaitStrategy Create() => new BlockingWaitStrategy(TimeSpan.FromMilliseconds(50));

    [Fact]
    public void SignalAllWhenBlocking_ParkedWaiter_WakesBeforeTimeout()
    {
        // A timeout of an hour: only a signal can wake the waiter within the test's bound.
        var strategy = new BlockingWaitStrategy(TimeSpan.FromHours(1), spinTries: 0);
        var sequencer = new SingleProducerSequencer(16);
        var barrier = sequencer.NewBarrier(strategy);
        long result = -1;
        var waiter = new Thread(() => Volatile.Write(ref result, barrier.WaitFor(0))) { IsBackground = true };
        waiter.Start();
        Assert.True(Poll.Until(() => strategy.ParkedWaiters == 1));
        sequencer.Publish(sequencer.Next()); // the sequencer signals because a waiter is parked
        Assert.True(Poll.Until(() => Volatile.Read(ref result) == 0));
        Assert.Equal(0, strategy.ParkedWaiters);
    }

    [Fact]
    public void WaitFor_NothingPublished_ReturnsAfterTimeoutWithLowerSequence()
    {
        var sequencer = new SingleProducerSequencer(16);
        var barrier = sequencer.NewBarrier(new BlockingWaitStrategy(TimeSpan.FromMilliseconds(5), spinTries: 0));
        Assert.Equal(-1, barrier.WaitFor(0));
    }

    [Fact]
    public void WaitStrategies_Create_KnownAndUnknownNames()
    {
        Assert.IsType<BusySpinWaitStrategy>(WaitStrategies.Create("busy-spin"));
        Assert.IsType<YieldingWaitStrategy>(WaitStrategies.Create("yielding"));
        Assert.IsType<SleepingWaitStrategy>(WaitStrategies.Create("sleeping"));
        Assert.IsType<BlockingWaitStrategy>(WaitStrategies.Create("blocking"));
        var ex = Assert.Throws<ArgumentException>(() => WaitStrategies.Create("spin"));
        Assert.Contains("busy-spin", ex.Message, StringComparison.Ordinal);
    }
}
