using QuantumTrader.Engine.Threading;

namespace QuantumTrader.Engine.Journal;

/// <summary>
/// Creates, sizes and pre-faults the next segment file on a background thread, and unmaps retired ones,
/// so that the writer's roll is a pointer swap instead of file creation and thousands of page faults.
/// </summary>
/// <remarks>
/// Design: one slot, driven by <c>_state</c> (Idle → Preparing → Ready → Idle). The writer asks for an
/// index with <see cref="Request"/> right after a roll and takes the file with <see cref="Take"/> at the next
/// roll: if the file is still being prepared, the writer waits for it (counted as a stall) rather than
/// racing on the same path, and so it does for a request the background thread has not picked up yet; if
/// nothing was requested (or the preparation failed), it claims the slot (state Busy) and prepares the file itself. The writer touches this type only at rolls, never per record.
/// </remarks>
internal sealed class SegmentPreparer : IDisposable
{
    private const int Idle = 0, Preparing = 1, Ready = 2, Busy = 3;

    private readonly string _directory;
    private readonly long _segmentSize;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly IIdleStrategy _idle;
    private int _state;
    private long _requestIndex = -1;
    private MappedFile? _ready;
    private long _readyIndex;
    private MappedFile? _retired;
    private volatile bool _stop;

    /// <summary>Starts the background thread.</summary>
    /// <param name="directory">The journal directory.</param>
    /// <param name="segmentSize">Bytes per segment.</param>
    /// <param name="idle">How the writer waits for a preparation in progress (used only by the writer thread);
    /// default: spin, yield, then 1 ms sleeps (a stall already costs a file creation).</param>
    public SegmentPreparer(string directory, long segmentSize, IIdleStrategy? idle = null)
    {
        _idle = idle ?? new BackoffIdleStrategy(allowSleep: true);
        _directory = directory;
        _segmentSize = segmentSize;
        _thread = new Thread(Run) { IsBackground = true, Name = "qt-journal-prep" };
        _thread.Start();
    }

    /// <summary>Times the writer had to wait for a preparation in progress.</summary>
    public long Stalls { get; private set; }

    /// <summary>The last preparation error, if any.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Creates and maps a segment file of the given size, reusing an unstarted one of the right size.</summary>
    public static MappedFile Prepare(string directory, long index, long size)
    {
        var path = JournalDirectory.SegmentPath(directory, index);
        var info = new FileInfo(path);
        var file = info.Exists && info.Length == size ? MappedFile.OpenWrite(path) : MappedFile.Create(path, size);
        file.Prefault();
        return file;
    }

    /// <summary>Asks for segment <paramref name="index"/> to be prepared (writer thread).</summary>
    public void Request(long index)
    {
        Volatile.Write(ref _requestIndex, index);
        _signal.Release();
    }

    /// <summary>Hands a segment the writer no longer needs to the background thread for unmapping.</summary>
    public void Retire(MappedFile file)
    {
        Interlocked.Exchange(ref _retired, file)?.Dispose();
        _signal.Release();
    }

    /// <summary>The prepared segment <paramref name="index"/>, or null when the caller must prepare it itself.</summary>
    public MappedFile? Take(long index)
    {
        _idle.Reset();
        var stalled = false;
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == Ready)
            {
                var file = _ready!;
                var readyIndex = _readyIndex;
                _ready = null;
                Volatile.Write(ref _state, Idle);
                if (readyIndex == index)
                {
                    return file;
                }

                file.Dispose();
                return null;
            }

            // Requested but not picked up yet (the preparer thread was not scheduled, or is unmapping a retired
            // segment): wait for it like a preparation in progress. Cancelling it instead made the roll
            // synchronous, which creates the file on the writer's thread and allocates there.
            var pending = state == Idle && Volatile.Read(ref _requestIndex) == index && _thread.IsAlive && !_stop;
            if (state == Idle && !pending && Interlocked.CompareExchange(ref _state, Busy, Idle) == Idle)
            {
                Volatile.Write(ref _requestIndex, -1);
                Volatile.Write(ref _state, Idle);
                return null;
            }

            if (!stalled)
            {
                stalled = true;
                Stalls++;
            }

            _idle.Idle(0);
        }
    }

    private void Run()
    {
        while (!_stop)
        {
            _signal.Wait(100);
            Interlocked.Exchange(ref _retired, null)?.Dispose();
            if (Volatile.Read(ref _requestIndex) < 0 || Interlocked.CompareExchange(ref _state, Preparing, Idle) != Idle)
            {
                continue;
            }

            var index = Volatile.Read(ref _requestIndex);
            if (index < 0)
            {
                Volatile.Write(ref _state, Idle);
                continue;
            }

            try
            {
                _ready = Prepare(_directory, index, _segmentSize);
                _readyIndex = index;
                Volatile.Write(ref _requestIndex, -1);
                Volatile.Write(ref _state, Ready);
            }
#pragma warning disable CA1031 // Any I/O failure here is reported by the writer's synchronous fallback, which rethrows.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LastError = e;
                Volatile.Write(ref _requestIndex, -1);
                Volatile.Write(ref _state, Idle);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop = true;
        _signal.Release();
        _thread.Join();
        Interlocked.Exchange(ref _retired, null)?.Dispose();
        if (Volatile.Read(ref _state) == Ready)
        {
            _ready?.Dispose();
            _ready = null;
        }

        _signal.Dispose();
    }
}
