using QuantumTrader.Engine.Time;
using QuantumTrader.Bench;
using QuantumTrader.Runtime.Metrics;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Host.Daemon;
using QuantumTrader.Runtime.Running;
using QuantumTrader.Model;
using QuantumTrader.Stages.Routing;
using Xunit;

namespace QuantumTrader.Integration.Tests.Run;

public sealed class WatchdogTests
{
    [Fact]
    public void PingIfProgressing_StagesNotConsuming_StopsPingingUntilTheyMove()
    {
        var engine = TradingEngine.Build(ConfigLoader.LoadDefault().GetConfigOrThrow(), new CountingOrderGateway(), MonotonicClock.Instance, new LatencyRecorder());
        var lifetime = new CountingLifetime();
        long last = -1;

        RunSession.PingIfProgressing(engine, lifetime, ref last); // idle ring: alive
        Assert.Equal(1, lifetime.Pings);

        var e = new InputEvent { Kind = InputKind.Timer };
        engine.Sink.Publish(in e); // work is waiting, and the stages (not started) never take it
        RunSession.PingIfProgressing(engine, lifetime, ref last);
        RunSession.PingIfProgressing(engine, lifetime, ref last);
        Assert.Equal(1, lifetime.Pings);

        engine.Pipeline.Start();
        Assert.True(QuantumTrader.Testing.Ring.Poll.Until(() => engine.Pipeline.MinimumConsumedSequence() >= 0));
        RunSession.PingIfProgressing(engine, lifetime, ref last);
        Assert.Equal(2, lifetime.Pings);
        engine.Pipeline.Halt();
    }

    private sealed class CountingLifetime : IDaemonLifetime
    {
        public int Pings { get; private set; }

        public CancellationToken HaltRequested => CancellationToken.None;

        public string? HaltReason => null;

        public bool NotificationsEnabled => true;

        public TimeSpan? WatchdogInterval => TimeSpan.FromSeconds(5);

        public void RequestHalt(string reason)
        {
        }

        public void NotifyReady(string status)
        {
        }

        public void NotifyStatus(string status)
        {
        }

        public void NotifyWatchdog() => Pings++;

        public void NotifyStopping(string status)
        {
        }

        public void Dispose()
        {
        }
    }
}
