using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;

namespace QuantumTrader.Host.Journal;

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
internal sealed class JournalMaintenance(string directory, bool compress, long maxAgeNs, long maxTotalBytes, IClock clock, TimeSpan period) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _task;

    /// <summary>Segments compressed so far.</summary>
    public long Compressed { get; private set; }

    /// <summary>Segments deleted by retention so far.</summary>
    public long Deleted { get; private set; }

    /// <summary>The last error, if a pass failed (the next pass retries).</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Starts the background loop.</summary>
    public void Start() => _task = Task.Run(Loop);

    /// <summary>One pass: compress, then retention.</summary>
    public void RunOnce()
    {
        if (compress)
        {
            Compressed += SegmentCompressor.CompressSealed(directory);
        }

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
                RunOnce();
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

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _task?.Wait();
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}
