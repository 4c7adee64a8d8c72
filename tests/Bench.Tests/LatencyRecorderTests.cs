using System.Text.Json;
using QuantumTrader.Bench;
using QuantumTrader.Runtime.Metrics;
using QuantumTrader.Runtime.Output;

namespace QuantumTrader.Bench.Tests;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void Percentiles_OneToThousand_AreExact()
    {
        var recorder = new LatencyRecorder();
        for (var v = 1000; v >= 1; v--)
        {
            recorder.Record(v);
        }

        Assert.Equal(1000, recorder.Count);
        Assert.Equal(500, recorder.P50);
        Assert.Equal(990, recorder.P99);
        Assert.Equal(999, recorder.P999);
        Assert.Equal(1000, recorder.Max);
        Assert.Equal(500.5, recorder.Mean, 3);
    }

    [Fact]
    public void Percentiles_LargeValues_AreWithinThreeSignificantDigits()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(123_456_789);

        Assert.InRange(recorder.P50, 123_456_789 - 123_457, 123_456_789 + 123_457);
        Assert.InRange(recorder.Max, 123_456_789, 123_456_789 + 123_457);
    }

    [Fact]
    public void Percentiles_SkewedData_P99SeesTheTail()
    {
        var recorder = new LatencyRecorder();
        for (var i = 0; i < 985; i++)
        {
            recorder.Record(100);
        }

        for (var i = 0; i < 15; i++)
        {
            recorder.Record(1_000);
        }

        Assert.Equal(100, recorder.P50);
        Assert.Equal(1_000, recorder.P99);
        Assert.Equal(1_000, recorder.Max);
    }

    [Fact]
    public void Record_WithExpectedInterval_BackfillsMissedSamples()
    {
        var recorder = new LatencyRecorder();

        recorder.Record(100, expectedIntervalNanos: 10);

        // 100 plus the samples a non-stalled sender would have sent: 90, 80, ..., 10.
        Assert.Equal(10, recorder.Count);
        Assert.Equal(100, recorder.Max);
        Assert.Equal(50, recorder.P50);
    }

    [Fact]
    public void Record_ShorterThanInterval_RecordsOneValue()
    {
        var recorder = new LatencyRecorder();

        recorder.Record(5, expectedIntervalNanos: 10);
        recorder.Record(7, expectedIntervalNanos: 0);

        Assert.Equal(2, recorder.Count);
    }

    [Fact]
    public void Record_OutOfRange_IsClampedAndCounted()
    {
        var recorder = new LatencyRecorder();

        recorder.Record(0);
        recorder.Record(-5);
        recorder.Record(LatencyRecorder.HighestNanos * 2);
        recorder.Record(10);

        Assert.Equal(4, recorder.Count);
        Assert.Equal(3, recorder.ClampedCount);
        Assert.True(recorder.Max >= LatencyRecorder.HighestNanos);
    }

    [Fact]
    public void Getters_Empty_AreZero()
    {
        var recorder = new LatencyRecorder();

        Assert.Equal((0L, 0L, 0L, 0L, 0L), (recorder.Count, recorder.P50, recorder.P99, recorder.P999, recorder.Max));
    }

    [Fact]
    public void ValueAtPercentile_OutsideZeroToHundred_Throws()
    {
        var recorder = new LatencyRecorder();

        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.ValueAtPercentile(101));
        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.ValueAtPercentile(double.NaN));
    }

    [Fact]
    public void Record_AfterWarmUp_DoesNotAllocate()
    {
        var recorder = new LatencyRecorder();

        // Warm-up: one whole loop first, so tiered JIT (OSR of the loop, tier-1 of Record) has settled; its
        // one-time allocations on this thread are not the recorder's.
        Loop(recorder);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Loop(recorder);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(recorder.Count > 400_000, "the expected-interval records back-fill samples");

        static void Loop(LatencyRecorder recorder)
        {
            for (var i = 1; i <= 100_000; i++)
            {
                recorder.Record(i * 37L);
                recorder.Record(i, 5_000);
            }
        }
    }

    [Fact]
    public void Add_TwoRecorders_MergesCountsAndClamps()
    {
        var a = new LatencyRecorder();
        var b = new LatencyRecorder();
        a.Record(10);
        b.Record(20);
        b.Record(0);

        a.Add(b);

        Assert.Equal(3, a.Count);
        Assert.Equal(1, a.ClampedCount);
        Assert.Equal(20, a.Max);
    }

    [Fact]
    public void Reset_AfterRecording_ForgetsEverything()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(10);
        recorder.Record(0);

        recorder.Reset();

        Assert.Equal((0L, 0L), (recorder.Count, recorder.ClampedCount));
    }

    [Fact]
    public void ToJson_Recorded_WritesPercentilesInNanoseconds()
    {
        var recorder = new LatencyRecorder();
        for (var v = 1; v <= 1000; v++)
        {
            recorder.Record(v);
        }

        using var doc = JsonDocument.Parse(JsonOut.ToString(recorder.ToJson));

        var root = doc.RootElement;
        Assert.Equal(1000, root.GetProperty("count").GetInt64());
        Assert.Equal(500, root.GetProperty("p50_ns").GetInt64());
        Assert.Equal(990, root.GetProperty("p99_ns").GetInt64());
        Assert.Equal(999, root.GetProperty("p999_ns").GetInt64());
        Assert.Equal(1000, root.GetProperty("max_ns").GetInt64());
        Assert.Equal(0, root.GetProperty("clamped").GetInt64());
    }
}
