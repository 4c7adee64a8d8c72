using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Runtime.Sources;

/// <summary>
/// A journal as a market feed: the market-data input records of an earlier run (trades, book tickers, book
/// updates, klines, mark prices, feed states), in journal order, republished into a fresh pipeline. Order
/// outcomes of the earlier run are skipped: the venue of this run produces its own. Paced by the records'
/// exchange times (speed 1 keeps them, N is N times faster, 0 is as fast as possible).
/// </summary>
/// <remarks>Run from one producer thread.</remarks>
public sealed class JournalFeed : IEventSource
{
    private readonly string _directory;
    private readonly IClock _clock;

    /// <summary>Creates a feed over the journal in <paramref name="directory"/>.</summary>
    /// <param name="directory">The journal.</param>
    /// <param name="clock">Receive stamps and pacing.</param>
    /// <param name="speed">The pacing of <see cref="Run(IInputSink, Func{bool})"/> (1: as journaled, N: N× faster, 0: max).</param>
    public JournalFeed(string directory, IClock clock, double speed = 0)
    {
        Speed = speed;
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(clock);
        _directory = directory;
        _clock = clock;
    }

    /// <summary>The pacing of <see cref="Run(IInputSink, Func{bool})"/>.</summary>
    public double Speed { get; }

    /// <inheritdoc />
    public string Description => $"journal {_directory}";

    /// <inheritdoc />
    public long Published => Replayed;

    /// <inheritdoc />
    public long Rejected => Corruption is null ? 0 : 1;

    /// <inheritdoc />
    public SourceFailure Failure => Corruption is null ? SourceFailure.None : SourceFailure.Corrupt;

    /// <inheritdoc />
    public string? FailureReason => Corruption?.ToString();

    /// <inheritdoc />
    public long Run(IInputSink sink, Func<bool> stop) => Run(sink, Speed, stop);

    /// <summary>Market records replayed.</summary>
    public long Replayed { get; private set; }

    /// <summary>Input records skipped (order and account updates, control, timer).</summary>
    public long Skipped { get; private set; }

    /// <summary>Why the read stopped early (corruption), or null.</summary>
    public JournalCorruption? Corruption { get; private set; }

    /// <summary>Replays until the journal's end or <paramref name="shouldStop"/>; returns records replayed.</summary>
    public long Run(IInputSink sink, double speed, Func<bool> shouldStop)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(shouldStop);
        using var reader = JournalReader.Open(_directory);
        var e = default(InputEvent);
        long firstTime = 0;
        long start = 0;
        while (!shouldStop())
        {
            var result = reader.TryRead(out var record);
            if (result != JournalReadResult.Record)
            {
                Corruption = reader.Corruption;
                break;
            }

            e = default;
            if (record.Type != JournalRecordType.Input || !InputRecord.TryRead(record.Payload, record.Version, ref e))
            {
                continue;
            }

            if (e.Kind is not (InputKind.Trade or InputKind.AggTrade or InputKind.BookTicker or InputKind.BookUpdate or InputKind.Kline or InputKind.MarkPrice or InputKind.FeedState))
            {
                Skipped++;
                continue;
            }

            if (speed > 0 && e.ExchangeTimeNs != 0)
            {
                if (firstTime == 0)
                {
                    firstTime = e.ExchangeTimeNs;
                    start = _clock.NowNanos;
                }

                var due = start + (long)((e.ExchangeTimeNs - firstTime) / speed);
                while (_clock.NowNanos < due)
                {
                    Thread.Sleep(0);
                }

                e.ReceiveTimeNs = due;
            }
            else
            {
                e.ReceiveTimeNs = _clock.NowNanos;
            }

            sink.Publish(in e);
            Replayed++;
        }

        return Replayed;
    }
}
