using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;

namespace QuantumTrader.Runtime.Journal;

/// <summary>
/// Background housekeeping of a live journal on the housekeeping core: compresses sealed segments with
/// LZ4 and applies retention, every <paramref name="period"/>. Never touches the active segment; retention
/// keeps what saved reader positions still need.
/// </summary>
/// <param name="directory">Journal directory.</param>
/// <param name="compress">Compress sealed segments.</param>
/// <param name="maxAgeNs">Retention by age of the last record (0: off).</param>
/// <param name="maxTotalBytes">Retention by total size (0: off).</param>
/// <param name="clock">The records' clock, for retention by age.</param>
/// <param name="period">How often to run.</param>
/// <remarks>
/// Design: shutdown must not wait for a whole pass (under load dozens of sealed segments wait for
/// compression, which kept a SIGTERMed process alive past systemd's TimeoutStopSec). The stop token is checked
/// before every 1 MiB chunk; a cancelled compression deletes its temporary file and leaves the raw segment,
/// which the next pass (the next start) compresses.
/// </remarks>
internal sealed class JournalMaintenance(string directory, bool compress, long maxAgeNs, long maxTotalBytes, IClock clock, TimeSpan period) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _task;
    private bool _waited;

    /// <summary>Segments compressed so far.</summary>
    public long Compressed { get; private set; }

    /// <summary>Segments deleted by retention so far.</summary>
    public long Deleted { get; private set; }

    /// <summary>The last error, if a pass failed (the next pass retries).</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Starts the background loop.</summary>
    public void Start() => _task = Task.Run(Loop);

    /// <summary>One pass: compress, then retention.</summary>
    public void RunOnce() => RunOnce(CancellationToken.None);

    /// <summary>One pass, stopping before the next compression chunk once <paramref name="cancel"/> is cancelled
    /// (<see cref="OperationCanceledException"/>).</summary>
    public void RunOnce(CancellationToken cancel)
    {
        if (compress)
        {
            Compressed += SegmentCompressor.CompressSealed(directory, cancel);
        }

        cancel.ThrowIfCancellationRequested();

        if (maxAgeNs > 0 || maxTotalBytes > 0)
        {
            Deleted += JournalRetention.Apply(directory, maxAgeNs, maxTotalBytes, clock.NowNanos).Count;
        }
    }

    private async Task Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                RunOnce(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (IOException e)
            {
                LastError = e;
            }
            catch (InvalidDataException e)
            {
                LastError = e;
            }

            try
            {
                await Task.Delay(period, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Asks the loop to stop (returns at once; the pass in progress stops before its next chunk).</summary>
    public void RequestStop() => _stop.Cancel();

    /// <summary>Stops the loop and waits at most <paramref name="budget"/>; false when it is still busy (an I/O call
    /// that does not return): the caller exits anyway, the work is finished on the next start.</summary>
    public bool Stop(TimeSpan budget)
    {
        _stop.Cancel();
        _waited = true;
        try
        {
            return _task?.Wait(budget) ?? true;
        }
        catch (AggregateException)
        {
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_waited)
        {
            Stop(Timeout.InfiniteTimeSpan);
        }

        if (_task is null || _task.IsCompleted)
        {
            _stop.Dispose(); // else the abandoned pass still reads the token; the process is exiting
        }
    }
}
