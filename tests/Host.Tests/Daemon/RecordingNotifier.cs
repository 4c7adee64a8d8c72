using Microsoft.Extensions.Hosting.Systemd;

namespace QuantumTrader.Host.Tests.Daemon;

/// <summary>Hand-written <see cref="ISystemdNotifier"/> stub that records every message.</summary>
internal sealed class RecordingNotifier : ISystemdNotifier
{
    public List<string> Messages { get; } = new();

    public bool IsEnabled => true;

    public void Notify(ServiceState state) => Messages.Add(state.ToString());
}
