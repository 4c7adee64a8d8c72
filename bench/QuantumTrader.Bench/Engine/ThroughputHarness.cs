using System.Diagnostics;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Threading;

namespace QuantumTrader.Bench.Engine;

// Design:
//   One scenario = one ring, one consumer graph (a Pipeline), N producer threads. The pipeline and the
//   producers are built and started once; then a warm-up run (lets tiered JIT / OSR reach the optimized
//   loops) and R measured runs follow on the same threads. A run: the control thread starts the clock and
//   moves the phase on; producers claim a batch, write it, publish it, and read the stop flag once per
//   batch; after the run time the control thread raises the stop flag, waits for the producers to report,
//   then for the ends of the graph to consume everything published, and stops the clock. events/s =
//   sequences published in the run / (producer start .. last slot consumed): the drain is paid for.
//   GC collections and allocated bytes (process-wide, precise) are read before the first measured run and
//   after the last, so they cover only steady-state event flow, on every thread.
//   After the last run the pipeline drains and halts, and the scenario's checker compares the consumers'
//   counts and checksums with what the producers wrote: a lost or duplicated event fails the scenario.

/// <summary>What a throughput scenario needs from its builder.</summary>
/// <typeparam name="T">The slot type.</typeparam>
internal sealed class ThroughputSetup<T>
    where T : struct
{
    /// <summary>Scenario name.</summary>
    public required string Name { get; init; }

    /// <summary>The ring the producers publish into.</summary>
    public required RingBuffer<T> Ring { get; init; }

    /// <summary>The consumer graph (not started).</summary>
    public required Pipeline<T> Pipeline { get; init; }

    /// <summary>Producer threads.</summary>
    public required int Producers { get; init; }

    /// <summary>Core per producer thread (null: not pinned).</summary>
    public required int?[] ProducerCores { get; init; }

    /// <summary>Slots claimed and published per batch.</summary>
    public required int Batch { get; init; }

    /// <summary>The description of the wait/pinning choice, for the report.</summary>
    public required ScenarioPlacement Placement { get; init; }

    /// <summary>Issue 2's reference figure for this scenario, events/s (null: none given).</summary>
    public double? ReferenceEventsPerSec { get; init; }

    /// <summary>
    /// Checks the consumers after the pipeline halted, given how many values each producer wrote;
    /// returns null when every count and checksum matches, else what did not.
    /// </summary>
    public required Func<long[], string?> Verify { get; init; }
}

/// <summary>Runs a throughput scenario.</summary>
internal static class ThroughputHarness
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Runs the warm-up and the measured runs of <paramref name="setup"/>.</summary>
    public static ThroughputResult Run<T, TWriter>(ThroughputSetup<T> setup, TimeSpan warmup, TimeSpan runTime, int runs)
        where T : struct
        where TWriter : struct, IEventWriter<T>
    {
        ArgumentNullException.ThrowIfNull(setup);
        var control = new RunControl();
        var produced = new long[setup.Producers];
        var errors = new Exception?[setup.Producers];
        var threads = new Thread[setup.Producers];
        var rates = new double[runs];
        string? error = null;
        long gcCollections = 0, allocatedBytes = 0, measuredEvents = 0;

        setup.Pipeline.Start();
        for (var p = 0; p < setup.Producers; p++)
        {
            var id = p;
            threads[p] = new Thread(() => ProducerBody<T, TWriter>(setup.Ring, control, setup.Batch, setup.ProducerCores[id], produced, errors, id))
            {
                IsBackground = true,
                Name = "qt-bench-p" + id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            threads[p].Start();
        }

        try
        {
            error = RunOnce(setup, control, warmup, out _, out _);
            var gcBefore = GcCount();
            var allocBefore = GC.GetTotalAllocatedBytes(true);
            for (var r = 0; r < runs && error is null; r++)
            {
                error = RunOnce(setup, control, runTime, out var events, out var seconds);
                rates[r] = seconds > 0 ? events / seconds : 0;
                measuredEvents += events;
            }

            allocatedBytes = GC.GetTotalAllocatedBytes(true) - allocBefore;
            gcCollections = GcCount() - gcBefore;
        }
        finally
        {
            control.RequestExit();
            foreach (var t in threads)
            {
                t.Join(StepTimeout);
            }

            if (!setup.Pipeline.DrainAndHalt(StepTimeout))
            {
                error ??= "the pipeline did not drain within " + StepTimeout.TotalSeconds + " s";
            }
        }

        foreach (var e in errors)
        {
            if (e is not null)
            {
                error ??= "producer failed: " + e.Message;
            }
        }

        foreach (var stage in setup.Pipeline.Stages)
        {
            if (stage.Thread.StartError is { } startError)
            {
                error ??= $"stage {stage.Name} did not start: {startError.Message}";
            }
        }

        error ??= setup.Verify(produced);
        var best = 0.0;
        foreach (var rate in rates)
        {
            best = Math.Max(best, rate);
        }

        return new ThroughputResult(
            setup.Name,
            setup.Placement,
            setup.Producers,
            setup.Pipeline.Stages.Count,
            setup.Batch,
            setup.Ring.BufferSize,
            best,
            rates,
            runTime.TotalSeconds,
            measuredEvents,
            gcCollections,
            allocatedBytes,
            error,
            setup.ReferenceEventsPerSec);
    }

    private static long GcCount() => GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);

    private static string? RunOnce<T>(ThroughputSetup<T> setup, RunControl control, TimeSpan duration, out long events, out double seconds)
        where T : struct
    {
        events = 0;
        seconds = 0;
        var startCursor = setup.Ring.Cursor.Value;
        var start = Stopwatch.GetTimestamp();
        control.StartRun();
        Thread.Sleep(duration);

        // On an oversubscribed machine the producers may not have run at all yet: a run measures something
        // or says why not, so it goes on (up to the step timeout) until the first batch is published.
        var deadline = Stopwatch.GetTimestamp() + (long)(StepTimeout.TotalSeconds * Stopwatch.Frequency);
        while (setup.Ring.Cursor.Value == startCursor)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                control.RequestStop();
                return "producers published nothing within the step timeout";
            }

            Thread.Sleep(1);
        }

        control.RequestStop();
        deadline = Stopwatch.GetTimestamp() + (long)(StepTimeout.TotalSeconds * Stopwatch.Frequency);
        while (control.Done < setup.Producers)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return "producers did not stop in time";
            }

            Thread.Yield();
        }

        var endCursor = setup.Ring.Cursor.Value;
        while (setup.Pipeline.MinimumConsumedSequence() < endCursor)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return "consumers did not catch up in time";
            }

            Thread.Yield();
        }

        var end = Stopwatch.GetTimestamp();
        events = endCursor - startCursor;
        seconds = (end - start) / (double)Stopwatch.Frequency;
        return null;
    }

    private static void ProducerBody<T, TWriter>(RingBuffer<T> ring, RunControl control, int batch, int? core, long[] produced, Exception?[] errors, int id)
        where T : struct
        where TWriter : struct, IEventWriter<T>
    {
        try
        {
            if (core is { } c)
            {
                ThreadAffinity.PinCurrentThread(c);
            }

            var seenPhase = 0;
            long value = 0;
            while (true)
            {
                var spinner = default(SpinWait);
                int phase;
                while ((phase = control.Phase) == seenPhase)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                }

                seenPhase = phase;
                if (control.ExitRequested)
                {
                    break;
                }

                var count = Produce<T, TWriter>(ring, control, batch, ref value);
                produced[id] += count;
                control.MarkDone();
            }
        }
#pragma warning disable CA1031 // Reported as the scenario's error; a benchmark thread must not die unseen.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            errors[id] = ex;
            control.MarkDone();
        }
    }

    /// <summary>The producer's hot loop: claim a batch, write it by ref, publish it, check the stop flag.</summary>
    private static long Produce<T, TWriter>(RingBuffer<T> ring, RunControl control, int batch, ref long value)
        where T : struct
        where TWriter : struct, IEventWriter<T>
    {
        var writer = default(TWriter);
        var v = value;
        long count = 0;
        while (!control.StopRequested)
        {
            var high = ring.Next(batch);
            var low = high - batch + 1;
            for (var s = low; s <= high; s++)
            {
                writer.Write(ref ring[s], v++);
            }

            ring.Publish(low, high);
            count += batch;
        }

        value = v;
        return count;
    }
}
