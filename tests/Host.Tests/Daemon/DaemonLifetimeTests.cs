using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Hosting.Systemd;
using QuantumTrader.Host.Daemon;
using QuantumTrader.Runtime.Running;

namespace QuantumTrader.Host.Tests.Daemon;

public sealed class DaemonLifetimeTests
{
    [Fact]
    public void HandleSignal_First_RequestsHaltAndSuppressesTermination()
    {
        using var lifetime = DaemonLifetime.Start(new RecordingNotifier(), registerSignals: false);

        var suppressed = lifetime.HandleSignal(PosixSignal.SIGTERM);

        Assert.True(suppressed);
        Assert.True(lifetime.HaltRequested.IsCancellationRequested);
        Assert.Equal("SIGTERM", lifetime.HaltReason);
    }

    [Fact]
    public void HandleSignal_Second_LetsTheDefaultActionRun()
    {
        using var lifetime = DaemonLifetime.Start(new RecordingNotifier(), registerSignals: false);
        lifetime.HandleSignal(PosixSignal.SIGINT);

        var suppressed = lifetime.HandleSignal(PosixSignal.SIGINT);

        Assert.False(suppressed);
        Assert.Equal("SIGINT", lifetime.HaltReason);
    }

    [Fact]
    public void RequestHalt_Twice_KeepsTheFirstReason()
    {
        using var lifetime = DaemonLifetime.Start(new RecordingNotifier(), registerSignals: false);
        Assert.False(lifetime.HaltRequested.IsCancellationRequested);

        lifetime.RequestHalt("ctl kill");
        lifetime.RequestHalt("SIGTERM");

        Assert.True(lifetime.HaltRequested.IsCancellationRequested);
        Assert.Equal("ctl kill", lifetime.HaltReason);
    }

    [Fact]
    public void Notify_ReadyStatusWatchdogStopping_SendsSdNotifyAssignments()
    {
        var notifier = new RecordingNotifier();
        using var lifetime = DaemonLifetime.Start(notifier, registerSignals: false);

        lifetime.NotifyReady("trading BTCUSDT");
        lifetime.NotifyWatchdog();
        lifetime.NotifyStatus("line one\nline two");
        lifetime.NotifyStopping("halting: SIGTERM");

        Assert.Equal(
            ["READY=1", "STATUS=trading BTCUSDT", "WATCHDOG=1", "STATUS=line one line two", "STOPPING=1", "STATUS=halting: SIGTERM"],
            notifier.Messages);
    }

    [Theory]
    [InlineData("30000000", null, 15_000_000L)]
    [InlineData("30000000", "4242", 15_000_000L)]
    [InlineData("30000000", "1", -1L)]
    [InlineData(null, null, -1L)]
    [InlineData("0", null, -1L)]
    [InlineData("-5", null, -1L)]
    [InlineData("abc", null, -1L)]
    public void ParseWatchdogInterval_Environment_GivesHalfTheTimeoutForThisProcess(string? usec, string? pid, long expectedMicros)
    {
        var interval = DaemonLifetime.ParseWatchdogInterval(usec, pid, 4242);

        Assert.Equal(expectedMicros < 0 ? null : TimeSpan.FromMicroseconds(expectedMicros), interval);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void NotifyReady_RealNotifier_SendsDatagramToNotifySocket()
    {
        var path = Path.Combine(Path.GetTempPath(), $"qt-notify-{Guid.NewGuid():N}.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 5000;
        SystemdNotifier notifier;
        var previous = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        try
        {
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", path);
            notifier = new SystemdNotifier();
        }
        finally
        {
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", previous);
        }

        try
        {
            using var lifetime = DaemonLifetime.Start(notifier, registerSignals: false);
            Assert.True(lifetime.NotificationsEnabled);

            lifetime.NotifyReady("up");

            var buffer = new byte[256];
            var first = Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer));
            var second = Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer));
            Assert.Equal("READY=1", first);
            Assert.Equal("STATUS=up", second);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Start_SigtermToThisProcess_RequestsCleanHaltInsteadOfExiting()
    {
        Assert.True(OperatingSystem.IsLinux(), "POSIX signal test runs on Linux");
        using var lifetime = DaemonLifetime.Start(new RecordingNotifier());

        Assert.Equal(0, Kill(Environment.ProcessId, 15));

        // Poll (bounded) instead of sleeping a fixed time: the handler runs on a runtime signal thread.
        Assert.True(lifetime.HaltRequested.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "SIGTERM did not request a halt");
        Assert.Equal("SIGTERM", lifetime.HaltReason);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
