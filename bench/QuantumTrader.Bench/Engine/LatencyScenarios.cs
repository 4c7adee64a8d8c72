using QuantumTrader.Runtime.Metrics;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Wait;
using QuantumTrader.Engine.Threading;

namespace QuantumTrader.Bench.Engine;

// Design:
//   ping-pong: two single-producer rings, each with one consumer thread. The pinger (consumer of the pong
//   ring) stamps a time into a ping slot and publishes it; the ponger (consumer of the ping ring) copies
//   the stamp into a pong slot and publishes it; the pinger records now - stamp and sends the next ping
//   at once. One event in flight, so the figure is a pure round trip: two hand-offs through the engine's
//   claim, publish, barrier and batch processor. Closed loop, back to back: there is no intended send
//   schedule, hence nothing for coordinated-omission correction to fill in.
//   baseline: the same round trip with nothing but two padded volatile counters, one per direction: the
//   cost of moving a cache line between the two cores twice, plus two clock reads. Nothing can be faster
//   here; ping-pong minus baseline is what the engine adds.
//   Both record only after the warm-up, into a LatencyRecorder (no allocation per sample).

/// <summary>The slot of the ping-pong rings.</summary>
internal struct PingEvent
{
    /// <summary>Stopwatch timestamp when the ping was sent.</summary>
    public long SentTicks;
}

/// <summary>Timing shared by the pinger and the control thread.</summary>
internal sealed class PingSchedule
{
    private int _finished;

    /// <summary>Samples before this timestamp are warm-up and not recorded.</summary>
    public long WarmupEndTicks { get; init; }

    /// <summary>No new ping after this timestamp, once <see cref="MinSamples"/> round trips are recorded.</summary>
    public long DeadlineTicks { get; init; }

    /// <summary>No new ping after this timestamp in any case (a stalled host).</summary>
    public long HardDeadlineTicks { get; init; }

    /// <summary>Round trips to record before the run may end, however short it was asked to be.</summary>
    public long MinSamples { get; init; }

    /// <summary>Nanoseconds per Stopwatch tick.</summary>
    public double NanosPerTick { get; } = 1e9 / Stopwatch.Frequency;

    /// <summary>True once the pinger stopped sending.</summary>
    public bool Finished => Volatile.Read(ref _finished) != 0;

    /// <summary>Marks the end of the run.</summary>
    public void Finish() => Volatile.Write(ref _finished, 1);
}

/// <summary>Consumer of the ping ring: answers every ping on the pong ring.</summary>
internal readonly struct PongHandler : IEventHandler<PingEvent>
{
    private readonly RingBuffer<PingEvent> _pong;

    /// <summary>Creates the handler publishing into <paramref name="pong"/> (its only producer).</summary>
    public PongHandler(RingBuffer<PingEvent> pong) => _pong = pong;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(ref PingEvent data, long sequence, bool endOfBatch)
    {
        var s = _pong.Next();
        _pong[s].SentTicks = data.SentTicks;
        _pong.Publish(s);
    }
}

/// <summary>Consumer of the pong ring: records the round trip and sends the next ping.</summary>
internal readonly struct PingHandler : IEventHandler<PingEvent>
{
    private readonly RingBuffer<PingEvent> _ping;
    private readonly LatencyRecorder _recorder;
    private readonly PingSchedule _schedule;

    /// <summary>Creates the handler publishing into <paramref name="ping"/> (its only producer after the first ping).</summary>
    public PingHandler(RingBuffer<PingEvent> ping, LatencyRecorder recorder, PingSchedule schedule)
    {
        _ping = ping;
        _recorder = recorder;
        _schedule = schedule;
    }

    /// <inheritdoc />
    public void OnEvent(ref PingEvent data, long sequence, bool endOfBatch)
    {
        var now = Stopwatch.GetTimestamp();
        if (data.SentTicks >= _schedule.WarmupEndTicks)
        {
            _recorder.Record((long)((now - data.SentTicks) * _schedule.NanosPerTick));
        }

        if ((now >= _schedule.DeadlineTicks && _recorder.Count >= _schedule.MinSamples) || now >= _schedule.HardDeadlineTicks)
        {
            _schedule.Finish();
            return;
        }

        var s = _ping.Next();
        _ping[s].SentTicks = Stopwatch.GetTimestamp();
        _ping.Publish(s);
    }
}

/// <summary>Builds and runs the latency scenarios.</summary>
internal static class LatencyScenarios
{
    /// <summary>Issue 2's reference ping-pong median with busy-spin, ns.</summary>
    public const long ReferencePingPongBusySpin = 270;

    /// <summary>Issue 2's reference ping-pong median with yielding, ns (about 1 µs).</summary>
    public const long ReferencePingPongYielding = 1000;

    /// <summary>
    /// Round trips recorded at the least: a short run on a loaded host (one thread descheduled for longer
    /// than the whole measuring window) is extended rather than reported empty.
    /// </summary>
    public const long MinSamples = 1000;

    private const int RingSize = 1024;

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Round trips between two rings, one consumer thread each way.</summary>
    public static LatencyResult PingPong(string name, ScenarioPlacement placement, long? reference, TimeSpan warmup, TimeSpan measure)
    {
        var pingRing = RingBuffer<PingEvent>.CreateSingleProducer(RingSize);
        var pongRing = RingBuffer<PingEvent>.CreateSingleProducer(RingSize);
        var recorder = WarmedRecorder();
        var start = Stopwatch.GetTimestamp();
        var schedule = new PingSchedule
        {
            WarmupEndTicks = start + Ticks(warmup),
            DeadlineTicks = start + Ticks(warmup + measure),
            HardDeadlineTicks = start + Ticks(warmup + measure + StepTimeout),
            MinSamples = MinSamples,
        };

        var pinger = new Pipeline<PingEvent>(pongRing);
        pinger.Add("pp-ping", new PingHandler(pingRing, recorder, schedule), WaitStrategies.Create(placement.WaitStrategy), Core(placement, 0));
        var ponger = new Pipeline<PingEvent>(pingRing);
        ponger.Add("pp-pong", new PongHandler(pongRing), WaitStrategies.Create(placement.WaitStrategy), Core(placement, 1));
        ponger.Start();
        pinger.Start();

        // The first ping: sent from here, before the pinger thread sends any (it only sends on a pong).
        var first = pingRing.Next();
        pingRing[first].SentTicks = Stopwatch.GetTimestamp();
        pingRing.Publish(first);

        string? error = null;
        SleepUntil(schedule.WarmupEndTicks);
        var gcBefore = GcCount();
        var allocBefore = GC.GetTotalAllocatedBytes(true);
        SleepUntil(schedule.DeadlineTicks);
        var hardDeadline = schedule.HardDeadlineTicks + Ticks(StepTimeout);
        while (!schedule.Finished)
        {
            if (Stopwatch.GetTimestamp() > hardDeadline)
            {
                error = "the ping-pong loop stalled";
                break;
            }

            Thread.Sleep(1);
        }

        var allocated = GC.GetTotalAllocatedBytes(true) - allocBefore;
        var collections = GcCount() - gcBefore;
        pinger.Halt(StepTimeout);
        ponger.Halt(StepTimeout);
        error ??= StartError(pinger) ?? StartError(ponger);
        if (error is null && recorder.Count == 0)
        {
            error = "no round trip completed after the warm-up";
        }

        return new LatencyResult(name, placement, recorder, collections, allocated, error, reference);
    }

    /// <summary>Round trips through two padded volatile counters: the floor of a hand-off between two threads.</summary>
    public static LatencyResult Baseline(ScenarioPlacement placement, TimeSpan warmup, TimeSpan measure)
    {
        var ping = new Sequence(0);
        var pong = new Sequence(0);
        var recorder = WarmedRecorder();
        var control = new RunControl();
        var start = Stopwatch.GetTimestamp();
        var warmupEnd = start + Ticks(warmup);
        var deadline = start + Ticks(warmup + measure);
        var hardDeadline = deadline + Ticks(StepTimeout);
        var stallDeadline = hardDeadline + Ticks(StepTimeout);
        var nanosPerTick = 1e9 / Stopwatch.Frequency;
        var yieldWhileWaiting = placement.WaitStrategy != "busy-spin"; // more threads than cores: spinning would starve the other side
        Exception? responderError = null;
        Exception? measurerError = null;
        long gcBefore = 0, allocBefore = 0, gcAfter = 0, allocAfter = 0;
        var stalled = false;

        var responder = new Thread(() =>
        {
            try
            {
                Pin(placement, 1);
                long last = 0;
                while (true)
                {
                    long v;
                    var spins = 0;
                    while ((v = ping.GetVolatile()) == last)
                    {
                        if ((++spins & 0xFFFF) == 0 && control.ExitRequested)
                        {
                            return;
                        }

                        if (yieldWhileWaiting)
                        {
                            Thread.Yield();
                        }
                    }

                    if (v < 0)
                    {
                        return;
                    }

                    pong.SetOrdered(v);
                    last = v;
                }
            }
#pragma warning disable CA1031 // Reported as the scenario's error.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                responderError = ex;
            }
        })
        { IsBackground = true, Name = "qt-bench-pong" };

        var measurer = new Thread(() =>
        {
            try
            {
                Pin(placement, 0);
                var measuring = false;
                for (long i = 1; ; i++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    ping.SetOrdered(i);
                    var spins = 0;
                    while (pong.GetVolatile() != i)
                    {
                        if ((++spins & 0xFFFF) == 0 && Stopwatch.GetTimestamp() > stallDeadline)
                        {
                            stalled = true;
                            return;
                        }

                        if (yieldWhileWaiting)
                        {
                            Thread.Yield();
                        }
                    }

                    var t1 = Stopwatch.GetTimestamp();
                    if (t0 >= warmupEnd)
                    {
                        if (!measuring)
                        {
                            measuring = true;
                            gcBefore = GcCount();
                            allocBefore = GC.GetTotalAllocatedBytes(true);
                        }

                        recorder.Record((long)((t1 - t0) * nanosPerTick));
                    }

                    if ((t1 >= deadline && recorder.Count >= MinSamples) || t1 >= hardDeadline)
                    {
                        gcAfter = GcCount();
                        allocAfter = GC.GetTotalAllocatedBytes(true);
                        break;
                    }
                }
            }
#pragma warning disable CA1031 // Reported as the scenario's error.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                measurerError = ex;
            }
            finally
            {
                ping.SetOrdered(-1);
            }
        })
        { IsBackground = true, Name = "qt-bench-ping" };

        responder.Start();
        measurer.Start();
        var joined = measurer.Join(warmup + measure + StepTimeout + StepTimeout + StepTimeout);
        control.RequestExit();
        joined &= responder.Join(StepTimeout);

        string? error = null;
        if (!joined || stalled)
        {
            error = "the baseline loop stalled";
        }

        error ??= measurerError is not null ? "measurer failed: " + measurerError.Message : null;
        error ??= responderError is not null ? "responder failed: " + responderError.Message : null;
        if (error is null && recorder.Count == 0)
        {
            error = "no round trip completed after the warm-up";
        }

        return new LatencyResult("baseline", placement, recorder, gcAfter - gcBefore, allocAfter - allocBefore, error, null);
    }

    /// <summary>A recorder whose first-use initialisation (about 1 KB inside HdrHistogram) is already done.</summary>
    private static LatencyRecorder WarmedRecorder()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(1);
        recorder.Reset();
        return recorder;
    }

    private static long GcCount() => GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static void SleepUntil(long ticks)
    {
        long now;
        while ((now = Stopwatch.GetTimestamp()) < ticks)
        {
            var ms = (ticks - now) * 1000 / Stopwatch.Frequency;
            Thread.Sleep((int)Math.Clamp(ms, 1, 100));
        }
    }

    private static int? Core(ScenarioPlacement placement, int thread) =>
        placement.PinnedCores.Count > thread ? placement.PinnedCores[thread] : null;

    private static void Pin(ScenarioPlacement placement, int thread)
    {
        if (Core(placement, thread) is { } core)
        {
            ThreadAffinity.PinCurrentThread(core);
        }
    }

    private static string? StartError<T>(Pipeline<T> pipeline)
        where T : struct
    {
        foreach (var stage in pipeline.Stages)
        {
            if (stage.Thread.StartError is { } e)
            {
                return $"stage {stage.Name} did not start: {e.Message}";
            }
        }

        return null;
    }
}
