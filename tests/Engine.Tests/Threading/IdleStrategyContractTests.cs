using QuantumTrader.Engine.Threading;
using Xunit;

namespace QuantumTrader.Engine.Tests.Threading;

/// <summary>What every <see cref="IIdleStrategy"/> promises: idling allocates nothing, work returns at once,
/// and a loop idling on it sees another thread's write (it neither blocks nor stops the loop).</summary>
public sealed class IdleStrategyContractTests
{
    public static TheoryData<string> Strategies => new() { "busy-spin", "yielding", "backoff", "backoff-sleep" };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Idle_ManySteps_AllocatesNothing(string name)
    {
        var idle = Create(name);
        Steps(idle, 50); // warm-up: JIT, tiering
        var before = GC.GetAllocatedBytesForCurrentThread();
        Steps(idle, 200);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(Strategies))]
    public async Task Idle_PollingLoop_KeepsPollingAndSeesAnotherThreadsWrite(string name)
    {
        var idle = Create(name);
        var flag = 0;
        var passes = 0L;
        var loop = Task.Run(() =>
        {
            idle.Reset();
            while (Volatile.Read(ref flag) == 0)
            {
                idle.Idle(0);
                Interlocked.Increment(ref passes);
            }
        });

        // The write comes only after the loop has idled several times, so an Idle that blocks or a loop that
        // stopped polling keeps this task from finishing and the timeout fires.
        while (Interlocked.Read(ref passes) < 5)
        {
            Assert.False(loop.IsCompleted);
            await Task.Delay(1);
        }

        Volatile.Write(ref flag, 1);
        await loop.WaitAsync(TimeSpan.FromSeconds(9));
        Assert.True(loop.IsCompletedSuccessfully);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backoff_IdleStepsCount_WorkAndResetStartOver(bool allowSleep)
    {
        var idle = new BackoffIdleStrategy(allowSleep);
        Assert.Equal(allowSleep, idle.AllowsSleep);
        Assert.Equal(0, idle.Count);

        idle.Idle(0);
        idle.Idle(0);
        idle.Idle(0);
        Assert.Equal(3, idle.Count);

        idle.Idle(1);
        Assert.Equal(0, idle.Count);

        idle.Idle(0);
        idle.Reset();
        Assert.Equal(0, idle.Count);
    }

    private static void Steps(IIdleStrategy idle, int n)
    {
        idle.Reset();
        for (var i = 0; i < n; i++)
        {
            idle.Idle(i % 10 == 9 ? 1 : 0);
        }
    }

    private static IIdleStrategy Create(string name) => name switch
    {
        "busy-spin" => new BusySpinIdleStrategy(),
        "yielding" => new YieldingIdleStrategy(),
        "backoff" => new BackoffIdleStrategy(allowSleep: false),
        "backoff-sleep" => new BackoffIdleStrategy(allowSleep: true),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown strategy"),
    };
}
