using QuantumTrader.Runtime.Journal;

namespace QuantumTrader.Testing.Runtime;

/// <summary>A free-space probe that reports a scripted sequence of free MiB, one value per call, repeating the last
/// (thread-safe: the disk guard's timer calls it).</summary>
/// <remarks>Compiled into the test projects that reference Runtime (linked from their project files), so the shared
/// Testing project itself does not depend on Runtime.</remarks>
internal sealed class ScriptedFreeSpaceProbe(params long[] mib) : IFreeSpaceProbe
{
    private int _calls;

    /// <summary>Calls so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <inheritdoc />
    public long AvailableBytes(string directory) => mib[Math.Min(Interlocked.Increment(ref _calls) - 1, mib.Length - 1)] << 20;
}
