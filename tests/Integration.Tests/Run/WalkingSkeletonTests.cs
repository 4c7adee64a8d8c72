using System.CommandLine;
using System.Text.Json;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Time;
using QuantumTrader.Host;
using QuantumTrader.Host.Benchmarks;
using QuantumTrader.Host.Composition;
using QuantumTrader.Host.Config;
using QuantumTrader.Stages.Model;
using QuantumTrader.Stages.Routing;
using QuantumTrader.Stages.Sources;
using QuantumTrader.Stages.State;
using Xunit;

namespace QuantumTrader.Integration.Tests.Run;

/// <summary>The six stages wired end to end on the ring from config, fed by the synthetic source.</summary>
[Trait("Category", "Integration")]
public sealed class WalkingSkeletonTests
{
    private static QuantumTraderConfig MaxSpeedConfig()
    {
        var config = ConfigLoader.LoadDefault().GetConfigOrThrow();
        config.Market.SyntheticRate = 0;
        return config;
    }

    private static (TradingEngine Engine, CountingOrderGateway Gateway) RunEvents(QuantumTraderConfig config, long events, IEventHandler<InputEvent>? journal = null)
    {
        var gateway = new CountingOrderGateway();
        var engine = TradingEngine.Build(config, gateway, MonotonicClock.Instance, new LatencyRecorder(), journal);
        var source = new SyntheticTickSource(engine.Instruments, MonotonicClock.Instance, (ulong)config.Market.SyntheticSeed);
        engine.Pipeline.Start();
        source.Run(engine.Sink, 0, n => n >= events);
        Assert.True(engine.Pipeline.DrainAndHalt(TimeSpan.FromMinutes(2)));
        return (engine, gateway);
    }

    [Fact]
    public void Run_SameSeedTwice_SameDecisions()
    {
        var (a, ga) = RunEvents(MaxSpeedConfig(), 150_000);
        var (b, gb) = RunEvents(MaxSpeedConfig(), 150_000);
        Assert.Equal(150_000, a.Route.Events);
        Assert.True(a.Signal.Signals > 0, "the skeleton produced no signal at all");
        Assert.True(ga.Submitted > 0, "the skeleton routed no order at all");
        Assert.Equal(a.Signal.Signals, b.Signal.Signals);
        Assert.Equal(ga.Submitted, gb.Submitted);
        Assert.Equal(ga.Last.ClientOrderId, gb.Last.ClientOrderId);
        Assert.Equal(ga.Last.Quantity, gb.Last.Quantity);
        Assert.Equal(0, a.Faults.FaultCount);
    }

    [Fact]
    public void Run_StageThrowsMidRun_TradingHaltsRingKeepsMovingNoOrderAfter()
    {
        var faulty = new ThrowingStage(throwAtSequence: 60_000);
        var (engine, gateway) = RunEvents(MaxSpeedConfig(), 120_000, faulty);
        Assert.Equal(120_000, engine.Route.Events); // every event still reached the last stage
        Assert.Equal(1, engine.Faults.FaultCount);
        Assert.Equal(TradingMode.Halted, engine.State.Mode);
        Assert.Contains("journal", engine.State.ModeReason, StringComparison.Ordinal);
        Assert.Contains("60000", engine.State.ModeReason, StringComparison.Ordinal);
        Assert.True(gateway.Submitted > 0);
        Assert.True(gateway.Last.ClientOrderId.Sequence <= 60_001, $"an order was routed after the halt: {gateway.Last.ClientOrderId}");
    }

    [Fact]
    public void RunCommand_EventsJson_ReportsContractFields()
    {
        var dir = Directory.CreateTempSubdirectory("qt-run-");
        try
        {
            var path = Path.Combine(dir.FullName, "config.toml");
            var text = File.ReadAllText(ConfigLoader.DefaultPath).Replace("synthetic_rate = 100000", "synthetic_rate = 0", StringComparison.Ordinal);
            File.WriteAllText(path, text);
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = Program.BuildRoot().Parse(["run", "--config", path, "--events", "50000", "--json"]).Invoke(new InvocationConfiguration { Output = output, Error = error });
            Assert.True(exit == 0, error.ToString());
            using var doc = JsonDocument.Parse(output.ToString());
            var root = doc.RootElement;
            Assert.Equal(50_000, root.GetProperty("events").GetInt64());
            Assert.True(root.GetProperty("drained").GetBoolean());
            Assert.Equal("ACTIVE", root.GetProperty("mode").GetString());
            var latency = root.GetProperty("latency");
            Assert.True(latency.GetProperty("count").GetInt64() > 0);
            Assert.True(latency.GetProperty("p50_ns").GetInt64() > 0);
            Assert.True(latency.GetProperty("p99_ns").GetInt64() >= latency.GetProperty("p50_ns").GetInt64());
            Assert.True(root.TryGetProperty("orders", out _));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Pipeline_AfterWarmup_AllocatesNothingPerEvent()
    {
        var config = MaxSpeedConfig();
        var engine = TradingEngine.Build(config, new CountingOrderGateway(), MonotonicClock.Instance, new LatencyRecorder());
        var source = new SyntheticTickSource(engine.Instruments, MonotonicClock.Instance, 7);
        engine.Pipeline.Start();
        source.Run(engine.Sink, 0, n => n >= 1_000_000);
        Assert.True(QuantumTrader.Testing.Ring.Poll.Until(() => engine.Pipeline.MinimumConsumedSequence() >= 999_999));

        var before = GC.GetTotalAllocatedBytes(true);
        source.Run(engine.Sink, 0, n => n >= 1_000_000);
        Assert.True(QuantumTrader.Testing.Ring.Poll.Until(() => engine.Pipeline.MinimumConsumedSequence() >= 1_999_999));
        var allocated = GC.GetTotalAllocatedBytes(true) - before;
        engine.Pipeline.Halt();

        // A million events through eight stages on four threads: even 8 bytes per event would be 8 MB.
        // (The warm-up is long because tiered JIT compilation allocates while it settles.)
        Assert.True(allocated < 64 * 1024, $"allocated {allocated:N0} bytes for 1,000,000 events");
    }

    [Fact]
    public void RunCommand_BadDuration_ClearErrorExitOne()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(["run", "--duration", "soon"]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        Assert.Equal(1, exit);
        Assert.Contains("--duration", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class ThrowingStage : IEventHandler<InputEvent>
    {
        private readonly long _at;

        public ThrowingStage(long throwAtSequence) => _at = throwAtSequence;

        public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
        {
            data.JournalSequence = 0;
            if (sequence == _at)
            {
                throw new IOException("disk full");
            }
        }
    }
}
