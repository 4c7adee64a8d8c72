using QuantumTrader.Runtime.Running;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting.Systemd;

namespace QuantumTrader.Host.Daemon;

/// <summary>
/// <see cref="IDaemonLifetime"/> over <see cref="PosixSignalRegistration"/> (SIGTERM, SIGINT, SIGQUIT) and
/// Microsoft.Extensions.Hosting.Systemd's <see cref="ISystemdNotifier"/> (a no-op outside systemd).
/// </summary>
public sealed class DaemonLifetime : IDaemonLifetime
{
    private static readonly PosixSignal[] HaltSignals = [PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT];

    private readonly CancellationTokenSource _halt = new();
    private readonly ISystemdNotifier _notifier;
    private readonly List<PosixSignalRegistration> _registrations = new();
    private string? _haltReason;
    private int _signals;
    private int _disposed;

    private DaemonLifetime(ISystemdNotifier notifier, TimeSpan? watchdogInterval)
    {
        _notifier = notifier;
        WatchdogInterval = watchdogInterval;
    }

    /// <inheritdoc />
    public CancellationToken HaltRequested => _halt.Token;

    /// <inheritdoc />
    public string? HaltReason => Volatile.Read(ref _haltReason);

    /// <inheritdoc />
    public bool NotificationsEnabled => _notifier.IsEnabled;

    /// <inheritdoc />
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>
    /// Starts the lifetime: intercepts the halt signals (unless <paramref name="registerSignals"/> is false,
    /// for tests) and talks to systemd through <paramref name="notifier"/> (default: the real notifier,
    /// which reads NOTIFY_SOCKET).
    /// </summary>
    public static DaemonLifetime Start(ISystemdNotifier? notifier = null, bool registerSignals = true)
    {
        var watchdog = ParseWatchdogInterval(
            Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
            Environment.GetEnvironmentVariable("WATCHDOG_PID"),
            Environment.ProcessId);
        var lifetime = new DaemonLifetime(notifier ?? new SystemdNotifier(), watchdog);
        if (registerSignals)
        {
            foreach (var signal in HaltSignals)
            {
                lifetime._registrations.Add(PosixSignalRegistration.Create(signal, lifetime.OnSignal));
            }
        }

        return lifetime;
    }

    /// <inheritdoc />
    public void RequestHalt(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (Interlocked.CompareExchange(ref _haltReason, reason, null) is null)
        {
            _halt.Cancel();
        }
    }

    /// <inheritdoc />
    public void NotifyReady(string status)
    {
        _notifier.Notify(ServiceState.Ready);
        NotifyStatus(status);
    }

    /// <inheritdoc />
    public void NotifyStatus(string status) => _notifier.Notify(new ServiceState("STATUS=" + OneLine(status)));

    /// <inheritdoc />
    public void NotifyWatchdog() => _notifier.Notify(new ServiceState("WATCHDOG=1"));

    /// <inheritdoc />
    public void NotifyStopping(string status)
    {
        _notifier.Notify(ServiceState.Stopping);
        NotifyStatus(status);
    }

    /// <summary>Stops intercepting signals. The halt token stays as it is.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _registrations.Clear();
    }

    /// <summary>
    /// Handles one halt signal: the first requests a clean halt and suppresses the default action (termination);
    /// any later one lets the default action run, so an operator can force a stuck process down.
    /// </summary>
    /// <returns>True when the default action was suppressed.</returns>
    internal bool HandleSignal(PosixSignal signal)
    {
        if (Interlocked.Increment(ref _signals) > 1)
        {
            return false;
        }

        RequestHalt(SignalName(signal));
        return true;
    }

    /// <summary>
    /// Half of systemd's watchdog timeout (WATCHDOG_USEC), when it is armed for this process (WATCHDOG_PID
    /// absent or equal to <paramref name="processId"/>); null otherwise or when malformed.
    /// </summary>
    internal static TimeSpan? ParseWatchdogInterval(string? usec, string? pid, int processId)
    {
        if (string.IsNullOrEmpty(usec)
            || !long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || micros <= 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(pid)
            && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var target) || target != processId))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(micros / 2.0);
    }

    private void OnSignal(PosixSignalContext context) => context.Cancel = HandleSignal(context.Signal);

    private static string SignalName(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGTERM => "SIGTERM",
        PosixSignal.SIGINT => "SIGINT",
        PosixSignal.SIGQUIT => "SIGQUIT",
        _ => signal.ToString(),
    };

    /// <summary>sd_notify separates assignments with newlines: a status must stay on one line.</summary>
    private static string OneLine(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.ReplaceLineEndings(" ");
    }
}
