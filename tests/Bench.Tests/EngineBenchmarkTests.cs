using System.Text.Json;
using QuantumTrader.Bench;
using QuantumTrader.Runtime.Metrics;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Wait;
using QuantumTrader.Bench.Engine;

namespace QuantumTrader.Bench.Tests;

/// <summary>Runs the whole engine benchmark once, for one second, with --json; the tests read the document.</summary>
public sealed class EngineBenchmarkJsonFixture
{
    public EngineBenchmarkJsonFixture()
    {
        using var output = new StringWriter();
        ExitCode = EngineBenchmark.Execute(1, json: true, output);
        Text = output.ToString();
    }

    public int ExitCode { get; }

    public string Text { get; }
}

[Trait("Category", "Integration")]
public sealed class EngineBenchmarkTests : IClassFixture<EngineBenchmarkJsonFixture>
{
    private static readonly string[] ContractScenarios = ["one-to-one", "pipeline-3", "fan-out-3", "diamond", "three-to-one"];
    private readonly EngineBenchmarkJsonFixture _run;

    public EngineBenchmarkTests(EngineBenchmarkJsonFixture run) => _run = run;

    [Fact]
    public void Execute_OneSecondJson_SucceedsWithOneDocumentOnOneLine()
    {
        Assert.True(_run.ExitCode == 0, _run.Text);
        Assert.Single(_run.Text.TrimEnd('\n').Split('\n'));
        using var doc = JsonDocument.Parse(_run.Text);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("machine").ValueKind);
        Assert.True(doc.RootElement.GetProperty("machine").GetProperty("logical_cores").GetInt32() >= 1);
    }

    [Fact]
    public void Execute_OneSecondJson_EveryThroughputScenarioMovesEventsAndReportsGcAndAllocation()
    {
        using var doc = JsonDocument.Parse(_run.Text);
        var scenarios = doc.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        var names = scenarios.Select(s => s.GetProperty("name").GetString()).ToList();
        foreach (var expected in ContractScenarios.Append("one-to-one-blocking"))
        {
            Assert.Contains(expected, names);
        }

        foreach (var s in scenarios)
        {
            var name = s.GetProperty("name").GetString();
            Assert.True(s.GetProperty("events_per_sec").GetDouble() > 0, name);
            // Reported, as integers (a counter's value itself depends on the machine).
            Assert.True(s.GetProperty("gc_collections").TryGetInt64(out _), name);
            Assert.True(s.GetProperty("allocated_bytes").TryGetInt64(out _), name);
            Assert.True(s.GetProperty("measured_events").GetInt64() > 0, name);
            Assert.True(s.GetProperty("verified").GetBoolean(), name);
            Assert.Contains(s.GetProperty("wait_strategy").GetString(), QuantumTrader.Engine.Ring.Wait.WaitStrategies.Names);

            // The reported figure is the best run, and every run is listed.
            var runs = s.GetProperty("runs_events_per_sec").EnumerateArray().Select(r => r.GetDouble()).ToList();
            Assert.Equal(3, runs.Count);
            Assert.Equal(runs.Max(), s.GetProperty("events_per_sec").GetDouble());
            Assert.Equal(runs.Order().ElementAt(1), s.GetProperty("median_events_per_sec").GetDouble());
        }
    }

    [Fact]
    public void Execute_OneSecondJson_LatencyScenariosHaveOrderedPercentiles()
    {
        using var doc = JsonDocument.Parse(_run.Text);
        var latency = doc.RootElement.GetProperty("latency").EnumerateArray().ToList();
        var names = latency.Select(l => l.GetProperty("name").GetString()).ToList();
        Assert.Contains("ping-pong", names);
        Assert.Contains("baseline", names);
        foreach (var l in latency)
        {
            var name = l.GetProperty("name").GetString();
            var p50 = l.GetProperty("p50_ns").GetInt64();
            var p99 = l.GetProperty("p99_ns").GetInt64();
            var p999 = l.GetProperty("p999_ns").GetInt64();
            var max = l.GetProperty("max_ns").GetInt64();
            Assert.True(l.GetProperty("count").GetInt64() > 0, name);
            Assert.True(p50 > 0, name);
            Assert.True(p50 <= p99 && p99 <= p999 && p999 <= max, $"{name}: {p50} {p99} {p999} {max}");
        }
    }

    [Fact]
    public void Execute_TableView_ListsScenariosAndMachine()
    {
        using var output = new StringWriter();

        var code = EngineBenchmark.Execute(new EngineBenchmarkOptions(0.4, ["diamond", "baseline"]), json: false, output);

        var text = output.ToString();
        Assert.True(code == 0, text);
        Assert.StartsWith("machine: ", text, StringComparison.Ordinal);
        Assert.Contains("diamond", text, StringComparison.Ordinal);
        Assert.Contains("baseline", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pipeline-3", text, StringComparison.Ordinal);
    }
}

public sealed class EngineBenchmarkArgumentTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(EngineBenchmark.MaxSeconds + 1)]
    public void Execute_SecondsOutOfRange_ReturnsTwoWithoutRunning(int seconds)
    {
        using var output = new StringWriter();

        var code = EngineBenchmark.Execute(seconds, json: true, output);

        Assert.Equal(2, code);
        Assert.Contains("--seconds", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_UnknownScenario_ReturnsTwo()
    {
        using var output = new StringWriter();

        var code = EngineBenchmark.Execute(new EngineBenchmarkOptions(1, ["one-to-many"]), json: false, output);

        Assert.Equal(2, code);
        Assert.Contains("one-to-many", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Place_ThreadsFitCores_BusySpinOnePinnedCoreEach()
    {
        var placement = EngineBenchmark.Place(2, [0, 1, 2, 3], oversubscribedWait: null);

        Assert.Equal("busy-spin", placement.WaitStrategy);
        Assert.Equal([0, 1], placement.PinnedCores);
    }

    [Fact]
    public void Place_MoreThreadsThanCores_YieldsUnpinnedOrTheGivenStrategy()
    {
        var yielding = EngineBenchmark.Place(4, [0, 1], oversubscribedWait: null);
        var sleeping = EngineBenchmark.Place(4, [0, 1], oversubscribedWait: "sleeping");

        Assert.Equal("yielding", yielding.WaitStrategy);
        Assert.Empty(yielding.PinnedCores);
        Assert.Equal("sleeping", sleeping.WaitStrategy);
        Assert.Empty(sleeping.PinnedCores);
    }

    [Fact]
    public void Place_ForcedStrategy_KeptAndPinnedOnlyWhenAsked()
    {
        var blocking = EngineBenchmark.Place(2, [0, 1], null, "blocking", "on purpose");
        var yielding = EngineBenchmark.Place(2, [0, 1], null, "yielding", "on purpose", pin: false);

        Assert.Equal("blocking", blocking.WaitStrategy);
        Assert.Equal([0, 1], blocking.PinnedCores);
        Assert.Equal("yielding", yielding.WaitStrategy);
        Assert.Empty(yielding.PinnedCores);
    }

    [Fact]
    public void Report_ScenarioWithError_FailsAndJsonSaysNotVerified()
    {
        var placement = new ScenarioPlacement("yielding", 4, [], "test");
        var good = new ThroughputResult("one-to-one", placement, 1, 1, 16, 1024, 10, [10, 5, 1], 0.1, 100, 0, 0, null, null);
        var bad = good with { Name = "diamond", Error = "dia-join saw 9 events, the producers wrote 10" };
        var report = new EngineBenchmarkReport(MachineInfo.FromProcFiles(null, null), new EngineBenchmarkOptions(1), [good, bad], []);

        using var doc = JsonDocument.Parse(QuantumTrader.Runtime.Output.JsonOut.ToString(report.WriteJson));

        Assert.True(report.Failed);
        var scenarios = doc.RootElement.GetProperty("scenarios");
        Assert.True(scenarios[0].GetProperty("verified").GetBoolean());
        Assert.False(scenarios[1].GetProperty("verified").GetBoolean());
        Assert.Contains("saw 9 events", scenarios[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(new EngineBenchmarkReport(report.Machine, report.Options, [good], []).Failed);
    }
}

[Trait("Category", "Integration")]
public sealed class ThroughputHarnessTests
{
    [Fact]
    public void Run_OneToOne_ProducedCountMatchesCursorAndConsumerTally()
    {
        var (setup, consumer) = OneToOne(verifyError: null);
        long[]? seen = null;
        var checkedSetup = new ThroughputSetup<ValueEvent>
        {
            Name = setup.Name,
            Ring = setup.Ring,
            Pipeline = setup.Pipeline,
            Producers = 1,
            ProducerCores = [null],
            Batch = 16,
            Placement = setup.Placement,
            Verify = produced =>
            {
                seen = (long[])produced.Clone();
                return null;
            },
        };

        var result = ThroughputHarness.Run<ValueEvent, ValueWriter>(checkedSetup, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20), 2);

        Assert.Null(result.Error);
        Assert.NotNull(seen);
        Assert.Equal(setup.Ring.Cursor.Value + 1, seen[0]);
        Assert.Equal(0, seen[0] % 16);
        var tally = ((BatchEventProcessor<ValueEvent, ValueSumHandler>)consumer.Processor).Handler;
        Assert.Equal(seen[0], tally.Count);
        Assert.Equal(unchecked((long)((Int128)seen[0] * (seen[0] - 1) / 2)), tally.Sum);
        Assert.True(result.MeasuredEvents > 0 && result.MeasuredEvents <= seen[0]);
        Assert.Equal(2, result.RunEventsPerSec.Count);
    }

    [Fact]
    public void Run_VerifyReportsMismatch_ResultCarriesTheError()
    {
        var (setup, _) = OneToOne(verifyError: "c1 saw 9 events, the producers wrote 10");

        var result = ThroughputHarness.Run<ValueEvent, ValueWriter>(setup, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), 1);

        Assert.Equal("c1 saw 9 events, the producers wrote 10", result.Error);
    }

    private static (ThroughputSetup<ValueEvent> Setup, StageHandle Consumer) OneToOne(string? verifyError)
    {
        var ring = RingBuffer<ValueEvent>.CreateSingleProducer(1024);
        var pipeline = new Pipeline<ValueEvent>(ring);
        var consumer = pipeline.Add("t-c1", default(ValueSumHandler), new YieldingWaitStrategy());
        var setup = new ThroughputSetup<ValueEvent>
        {
            Name = "test",
            Ring = ring,
            Pipeline = pipeline,
            Producers = 1,
            ProducerCores = [null],
            Batch = 16,
            Placement = new ScenarioPlacement("yielding", 2, [], "test"),
            Verify = _ => verifyError,
        };
        return (setup, consumer);
    }
}
