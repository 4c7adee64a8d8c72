namespace QuantumTrader.Runtime.Running;

/// <summary>
/// The process's life as a headless daemon: a clean halt requested by SIGTERM, SIGINT or SIGQUIT (or by a
/// control command), and the state changes systemd is told about (sd_notify READY, STATUS, WATCHDOG, STOPPING).
/// </summary>
/// <remarks>
/// Intended use by <c>run</c>: start the lifetime first; build the pipeline; <see cref="NotifyReady"/> once the
/// feeds are live; run until <see cref="HaltRequested"/> is cancelled (calling <see cref="NotifyWatchdog"/>
/// every <see cref="WatchdogInterval"/> when it is set); then <see cref="NotifyStopping"/>, halt the
/// pipeline, flush the journal, dispose. A second signal while halting is not intercepted: the process
/// terminates at once (press Ctrl+C twice to force). Safe to call from any thread; never called on the hot path.
/// </remarks>
public interface IDaemonLifetime : IDisposable
{
    /// <summary>Cancelled when a clean halt has been requested (first signal or <see cref="RequestHalt"/>).</summary>
    CancellationToken HaltRequested { get; }

    /// <summary>Why the halt was requested ("SIGTERM", "SIGINT", a control command ...), or null while running.</summary>
    string? HaltReason { get; }

    /// <summary>True when systemd listens for notifications (the process runs as a Type=notify unit).</summary>
    bool NotificationsEnabled { get; }

    /// <summary>How often to call <see cref="NotifyWatchdog"/>: half of the unit's WatchdogSec; null when no watchdog is armed.</summary>
    TimeSpan? WatchdogInterval { get; }

    /// <summary>Requests a clean halt (idempotent: the first reason is kept).</summary>
    void RequestHalt(string reason);

    /// <summary>Tells systemd that start-up has finished (READY=1) with a status line.</summary>
    void NotifyReady(string status);

    /// <summary>Updates the status line systemd shows in <c>systemctl status</c> (STATUS=...).</summary>
    void NotifyStatus(string status);

    /// <summary>Tells systemd's watchdog that the process is alive (WATCHDOG=1).</summary>
    void NotifyWatchdog();

    /// <summary>Tells systemd that a clean shutdown has begun (STOPPING=1) with a status line.</summary>
    void NotifyStopping(string status);
}
