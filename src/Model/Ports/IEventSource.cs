using QuantumTrader.Model;

namespace QuantumTrader.Model.Ports;

/// <summary>
/// Where a run's input events come from, behind one port: the seeded synthetic market, a recorded capture, an
/// earlier run's journal, or the live Binance feed (and, for training, the same sources normalized by the
/// serving ingest stage). The composition root picks one from config and the command line and runs it on the
/// producer thread; nothing downstream knows which it is.
/// </summary>
/// <remarks>Run from one thread. The counters may be read from another thread while it runs.</remarks>
public interface IEventSource
{
    /// <summary>What the source is (printed at start and recorded in a trained model's sidecar).</summary>
    string Description { get; }

    /// <summary>Events (or frames, for a recorded or live feed) taken from the source so far.</summary>
    long Published { get; }

    /// <summary>Input the source refused as malformed (frames the parser or the book sync rejected).</summary>
    long Rejected { get; }

    /// <summary>Why the source ended before its end, or <see cref="SourceFailure.None"/>.</summary>
    SourceFailure Failure { get; }

    /// <summary>Why, in words (<see cref="Failure"/> other than none), or null.</summary>
    string? FailureReason { get; }

    /// <summary>
    /// Publishes the events into <paramref name="sink"/> on the calling thread until the source is exhausted, fails
    /// (see <see cref="Failure"/>) or <paramref name="stop"/> returns true (asked before each event or frame).
    /// </summary>
    /// <returns>Events (or frames) published by this call.</returns>
    long Run(IInputSink sink, Func<bool> stop);
}

/// <summary>Why an <see cref="IEventSource"/> ended before its end.</summary>
public enum SourceFailure
{
    /// <summary>It did not (exhausted, stopped, or still running).</summary>
    None = 0,

    /// <summary>A recorded capture was cut short (a truncated gzip member).</summary>
    Truncated = 1,

    /// <summary>A journal being replayed holds a damaged record.</summary>
    Corrupt = 2,

    /// <summary>A live feed never connected within its budget.</summary>
    Dead = 3,
}
