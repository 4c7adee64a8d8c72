using QuantumTrader.Engine.Time;
using Xunit;

namespace QuantumTrader.Engine.Tests;

public sealed class ClockTests
{
    [Fact]
    public void ManualClock_Advance_MovesTime()
    {
        var clock = new ManualClock(10);
        clock.Advance(5);
        Assert.Equal(15, clock.NowNanos);
    }
}
