using QuantumTrader.Runtime.Metrics;
namespace QuantumTrader.Bench.Engine;

/// <summary>How a scenario's threads wait and where they run.</summary>
/// <param name="WaitStrategy">The consumers' wait strategy name (busy-spin, yielding, sleeping, blocking).</param>
/// <param name="Threads">Threads the scenario runs (producers and consumers; the control thread sleeps).</param>
/// <param name="PinnedCores">Core of each thread, producers first, when pinned; empty when not pinned.</param>
/// <param name="Reason">Why this choice, in a few words.</param>
internal sealed record ScenarioPlacement(string WaitStrategy, int Threads, IReadOnlyList<int> PinnedCores, string Reason);

/// <summary>The outcome of one throughput scenario.</summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Placement">Wait strategy and pinning.</param>
/// <param name="Producers">Producer threads.</param>
/// <param name="Consumers">Consumer threads.</param>
/// <param name="Batch">Slots per producer claim/publish.</param>
/// <param name="RingSize">Ring slots.</param>
/// <param name="BestEventsPerSec">The best measured run, events per second.</param>
/// <param name="RunEventsPerSec">Every measured run, events per second.</param>
/// <param name="RunSeconds">Planned length of each measured run.</param>
/// <param name="MeasuredEvents">Events published over all measured runs.</param>
/// <param name="GcCollections">Gen0+1+2 collections during the measured runs.</param>
/// <param name="AllocatedBytes">Bytes allocated by the whole process during the measured runs.</param>
/// <param name="Error">Why the scenario is not valid (lost events, timeout ...), or null.</param>
/// <param name="ReferenceEventsPerSec">Issue 2's reference figure, or null.</param>
internal sealed record ThroughputResult(
    string Name,
    ScenarioPlacement Placement,
    int Producers,
    int Consumers,
    int Batch,
    int RingSize,
    double BestEventsPerSec,
    IReadOnlyList<double> RunEventsPerSec,
    double RunSeconds,
    long MeasuredEvents,
    long GcCollections,
    long AllocatedBytes,
    string? Error,
    double? ReferenceEventsPerSec);

/// <summary>The outcome of one latency scenario.</summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Placement">Wait strategy and pinning.</param>
/// <param name="Recorder">Round trips in nanoseconds.</param>
/// <param name="GcCollections">Gen0+1+2 collections during the measured part.</param>
/// <param name="AllocatedBytes">Bytes allocated by the process during the measured part.</param>
/// <param name="Error">Why the scenario is not valid, or null.</param>
/// <param name="ReferenceP50Nanos">Issue 2's reference median, or null.</param>
internal sealed record LatencyResult(
    string Name,
    ScenarioPlacement Placement,
    LatencyRecorder Recorder,
    long GcCollections,
    long AllocatedBytes,
    string? Error,
    long? ReferenceP50Nanos);
