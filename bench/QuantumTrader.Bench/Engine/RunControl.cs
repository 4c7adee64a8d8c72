using System.Runtime.InteropServices;

namespace QuantumTrader.Bench.Engine;

// Design:
//   The flags the benchmark's control thread and its producer threads share. Each sits on its own cache
//   lines (64 bytes apart, 64 bytes before the first), so the producers' per-batch read of the stop flag
//   never misses because another thread wrote a neighbouring field.

/// <summary>Start / stop / done signalling between the control thread and the producers of one scenario.</summary>
[StructLayout(LayoutKind.Explicit, Size = 320)]
internal sealed class RunControl
{
    [FieldOffset(64)]
    private int _stop;

    [FieldOffset(128)]
    private int _phase;

    [FieldOffset(192)]
    private int _done;

    [FieldOffset(256)]
    private int _exit;

    /// <summary>True once the current run must end (read by producers once per batch).</summary>
    public bool StopRequested => Volatile.Read(ref _stop) != 0;

    /// <summary>Incremented by the control thread to start a run.</summary>
    public int Phase => Volatile.Read(ref _phase);

    /// <summary>Producers that finished the current run.</summary>
    public int Done => Volatile.Read(ref _done);

    /// <summary>True once the producers must leave.</summary>
    public bool ExitRequested => Volatile.Read(ref _exit) != 0;

    /// <summary>Starts a run: clears stop and done, then moves the phase on.</summary>
    public void StartRun()
    {
        Volatile.Write(ref _stop, 0);
        Volatile.Write(ref _done, 0);
        Interlocked.Increment(ref _phase);
    }

    /// <summary>Asks the producers to end the current run.</summary>
    public void RequestStop() => Volatile.Write(ref _stop, 1);

    /// <summary>Asks the producers to leave.</summary>
    public void RequestExit()
    {
        Volatile.Write(ref _exit, 1);
        Volatile.Write(ref _stop, 1);
        Interlocked.Increment(ref _phase);
    }

    /// <summary>A producer reports that it finished the current run.</summary>
    public void MarkDone() => Interlocked.Increment(ref _done);
}
