using System.Diagnostics;
using System.Text;

namespace QuantumTrader.Integration.Tests.Journal;

/// <summary>The quantumtrader executable as a real child process, with its output collected; always ended on dispose.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private HostProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static HostProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quantumtrader.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start quantumtrader");
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => Append(host._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(host._stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Runs to the end; fails (and kills the process) when it does not exit within <paramref name="timeout"/>.</summary>
    public static HostProcess Run(TimeSpan timeout, params string[] args)
    {
        var host = Start(args);
        if (!host.WaitForExit(timeout))
        {
            host.Dispose();
            throw new TimeoutException($"quantumtrader {string.Join(' ', args)} did not exit within {timeout}");
        }

        return host;
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit(); // flushes the asynchronous output readers
        return true;
    }

    /// <summary>Sends a signal (SIGTERM = 15) to the process.</summary>
    public void Signal(int signal) => _ = Kill(_process.Id, signal);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
