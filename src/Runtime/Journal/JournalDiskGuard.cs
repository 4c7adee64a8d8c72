using QuantumTrader.Runtime.Configuration;
using System.Globalization;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;

namespace QuantumTrader.Runtime.Journal;

/// <summary>Free space of the file system holding a directory (an injectable seam: tests simulate a full disk).</summary>
public interface IFreeSpaceProbe
{
    /// <summary>Bytes available to this process on the file system of <paramref name="directory"/>.</summary>
    long AvailableBytes(string directory);
}

/// <summary><see cref="IFreeSpaceProbe"/> over statvfs (<see cref="DriveInfo"/>) of the nearest existing directory.</summary>
public sealed class FileSystemFreeSpace : IFreeSpaceProbe
{
    /// <summary>The one instance.</summary>
    public static readonly FileSystemFreeSpace Instance = new();

    private FileSystemFreeSpace()
    {
    }

    /// <inheritdoc />
    public long AvailableBytes(string directory)
    {
        var path = Path.GetFullPath(directory);
        while (!Directory.Exists(path) && Path.GetDirectoryName(path) is { } parent)
        {
            path = parent; // not created yet: the file system it will be created on
        }

        return new DriveInfo(path).AvailableFreeSpace;
    }
}

/// <summary>The two free-space floors of <c>[journal]</c> (bytes; 0: off).</summary>
/// <param name="MinFreeBytes">Below this: REDUCING (journal.min_free_mib).</param>
/// <param name="HaltFreeBytes">Below this: refuse to start, or a Kill and a clean halt (journal.halt_free_mib).</param>
public readonly record struct DiskFloors(long MinFreeBytes, long HaltFreeBytes)
{
    /// <summary>True when either floor is set.</summary>
    public bool Enabled => MinFreeBytes > 0 || HaltFreeBytes > 0;

    /// <summary>The floors of a <c>[journal]</c> section.</summary>
    public static DiskFloors From(JournalSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return new DiskFloors(section.MinFreeMib * (1L << 20), section.HaltFreeMib * (1L << 20));
    }
}

// Design:
//   At the synthetic maximum rate the journal grows about 340 MB/s, and a journal that runs out of space dies
//   of SIGBUS or a failed pre-fault mid-segment. The guard watches the journal's file system off the hot path
//   (its own timer thread, never a stage thread) and turns the free space into journaled control events, so
//   the gate's mode changes are in the journal and replay reproduces them: below min_free → Pause
//   (ModeCause.DiskSpaceLow: REDUCING), back at or above it → Resume (DiskSpaceRecovered), below halt_free →
//   Kill (DiskSpaceExhausted) and then the host's clean halt (drain, journal closed intact). Exhausted is
//   final: the run stops. Publishing from this thread needs a multi-producer ring; with a single producer the
//   guard only warns and halts.

/// <summary>Watches free disk space under a journal and publishes Pause/Resume/Kill control events.</summary>
public sealed class JournalDiskGuard : IDisposable
{
    private readonly string _directory;
    private readonly DiskFloors _floors;
    private readonly IFreeSpaceProbe _probe;
    private readonly IInputSink? _sink;
    private readonly Action<string> _halt;
    private readonly TextWriter _log;
    private readonly object _gate = new();
    private Timer? _timer;
    private bool _disposed;

    /// <summary>Creates the guard (not running until <see cref="Start"/>).</summary>
    /// <param name="directory">The journal directory.</param>
    /// <param name="floors">The floors.</param>
    /// <param name="probe">Free-space source.</param>
    /// <param name="sink">Where control events go (a multi-producer ring), or null to only warn and halt.</param>
    /// <param name="halt">Requests the clean halt of the run, with a reason.</param>
    /// <param name="log">Operator messages (stderr).</param>
    public JournalDiskGuard(string directory, DiskFloors floors, IFreeSpaceProbe probe, IInputSink? sink, Action<string> halt, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(halt);
        ArgumentNullException.ThrowIfNull(log);
        _directory = directory;
        _floors = floors;
        _probe = probe;
        _sink = sink;
        _halt = halt;
        _log = TextWriter.Synchronized(log);
    }

    /// <summary>Free space seen by the last check (bytes).</summary>
    public long LastAvailableBytes { get; private set; } = -1;

    /// <summary>True while free space is below the min floor (a Pause was published).</summary>
    public bool Low { get; private set; }

    /// <summary>True once free space fell below the halt floor (a Kill was published and the halt requested).</summary>
    public bool Exhausted { get; private set; }

    /// <summary>Control events published.</summary>
    public long Published { get; private set; }

    /// <summary>Why the run must not start (free space already below the halt floor), or null.</summary>
    public static string? StartRefusal(string directory, DiskFloors floors, IFreeSpaceProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (floors.HaltFreeBytes <= 0)
        {
            return null;
        }

        var available = probe.AvailableBytes(directory);
        return available < floors.HaltFreeBytes
            ? $"refusing to start: {Mib(available)} free on the file system of journal {directory}, below journal.halt_free_mib = {Mib(floors.HaltFreeBytes)}. "
              + "Free space (delete or move old journals, set journal.retention_days / retention_max_gib) or journal to another file system (--journal DIR)."
            : null;
    }

    /// <summary>Checks once now, then every <paramref name="period"/> on a timer thread.</summary>
    public void Start(TimeSpan period)
    {
        Check();
        _timer = new Timer(_ => Check(), null, period, period);
    }

    /// <summary>One check: publishes the control event of a crossed floor; requests the halt below the halt floor.</summary>
    public void Check()
    {
        lock (_gate)
        {
            if (_disposed || Exhausted)
            {
                return;
            }

            long available;
            try
            {
                available = _probe.AvailableBytes(_directory);
            }
            catch (IOException e)
            {
                _log.WriteLine($"journal disk guard: cannot read free space of {_directory}: {e.Message}");
                return;
            }

            LastAvailableBytes = available;
            if (_floors.HaltFreeBytes > 0 && available < _floors.HaltFreeBytes)
            {
                Exhausted = true;
                Publish(ControlCode.Kill, ModeCause.DiskSpaceExhausted);
                var why = $"{Mib(available)} free under journal {_directory}, below journal.halt_free_mib = {Mib(_floors.HaltFreeBytes)}";
                _log.WriteLine($"journal disk guard: HALT: {why}; published Kill (DiskSpaceExhausted), stopping the run cleanly");
                _halt("disk space exhausted: " + why);
                return;
            }

            if (!Low && _floors.MinFreeBytes > 0 && available < _floors.MinFreeBytes)
            {
                Low = true;
                Publish(ControlCode.Pause, ModeCause.DiskSpaceLow);
                _log.WriteLine($"journal disk guard: {Mib(available)} free under journal {_directory}, below journal.min_free_mib = {Mib(_floors.MinFreeBytes)}: published Pause (DiskSpaceLow), REDUCING");
            }
            else if (Low && available >= _floors.MinFreeBytes)
            {
                Low = false;
                Publish(ControlCode.Resume, ModeCause.DiskSpaceRecovered);
                _log.WriteLine($"journal disk guard: {Mib(available)} free again under journal {_directory}: published Resume (DiskSpaceRecovered)");
            }
        }
    }

    private void Publish(ControlCode code, ModeCause cause)
    {
        if (_sink is null)
        {
            _log.WriteLine($"journal disk guard: engine.producer = \"single\": {code} ({cause}) is not published (needs a multi-producer ring)");
            return;
        }

        var control = new InputEvent { Kind = InputKind.Control, Code = (ushort)code, Aux0 = (long)cause };
        _sink.Publish(in control);
        Published++;
    }

    private static string Mib(long bytes) => (bytes >> 20).ToString("N0", CultureInfo.InvariantCulture) + " MiB";

    /// <summary>Stops checking (waits for a check in progress).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer?.Dispose();
    }
}
