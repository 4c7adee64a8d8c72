using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace QuantumTrader.Host.Commands;

// Design:
//   Training (ML.NET, ~40 MB of assemblies) and the benchmark harnesses are not part of the trading binary: they
//   are the executables quantumtrader-train (src/Training) and quantumtrader-bench (bench/QuantumTrader.Bench).
//   `quantumtrader train|bench …` runs the tool as a child process with the same arguments, standard streams
//   inherited, SIGTERM/SIGINT passed on, and its exit code returned; so a production host may deploy the
//   trading binary alone. The tool is looked for beside this executable first (a deployment that ships it
//   there), then in the checkout this executable was built in (same configuration and framework folder).

/// <summary>Runs a companion executable (<c>quantumtrader-train</c>, <c>quantumtrader-bench</c>) for a subcommand.</summary>
internal static class ToolLauncher
{
    /// <summary>The subcommands served by a companion executable, with the tool and its project folder.</summary>
    public static readonly IReadOnlyList<(string Command, string Tool, string ProjectDir, string Description)> Tools =
    [
        ("train", "quantumtrader-train", "src/Training",
            "Trains a SELL/HOLD/BUY model (ML.NET) on features computed by the serving feature code, exports ONNX with its schema/hash sidecar (runs quantumtrader-train)"),
        ("bench", "quantumtrader-bench", "bench/QuantumTrader.Bench",
            "Benchmarks the ring-buffer engine, the journal, or the whole pipeline; prints the machine and the figures (runs quantumtrader-bench)"),
    ];

    /// <summary>The tool serving <paramref name="command"/>, or null when it is a built-in subcommand.</summary>
    public static string? ToolFor(string command) => Find(command)?.Tool;

    private static (string Command, string Tool, string ProjectDir, string Description)? Find(string command)
    {
        foreach (var t in Tools)
        {
            if (t.Command == command)
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>A placeholder command for the help listing that forwards its tokens to the tool.</summary>
    public static Command Placeholder(string command, string description)
    {
        var c = new Command(command, description) { TreatUnmatchedTokensAsErrors = false };
        c.SetAction(parseResult =>
        {
            var args = new List<string> { command };
            args.AddRange(parseResult.UnmatchedTokens);
            return Run(command, args, parseResult.InvocationConfiguration.Error);
        });
        return c;
    }

    /// <summary>Runs the tool serving <paramref name="command"/> with <paramref name="args"/> (the whole command line).</summary>
    /// <returns>The tool's exit code; 1 when it cannot be found or started.</returns>
    public static int Run(string command, IReadOnlyList<string> args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        if (Find(command) is not { } tool)
        {
            error.WriteLine($"quantumtrader: no companion tool serves '{command}'");
            return 1;
        }

        var dll = Locate(tool.Tool, tool.ProjectDir);
        if (dll is null)
        {
            error.WriteLine(
                $"quantumtrader {command}: the companion executable {tool.Tool} was not found beside {AppContext.BaseDirectory} "
                + $"nor in the checkout; build it (dotnet build {tool.ProjectDir} -c Release) or install it beside quantumtrader");
            return 1;
        }

        var start = new ProcessStartInfo(DotnetHost()) { UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start);
        if (child is null)
        {
            error.WriteLine($"quantumtrader {command}: could not start {tool.Tool}");
            return 1;
        }

        // A terminal's Ctrl+C reaches the whole process group; a SIGTERM sent to us alone (systemd, kill) is passed on.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => Forward(ctx, child, 15));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => ctx.Cancel = true);
        child.WaitForExit();
        return child.ExitCode;
    }

    /// <summary>Where the tool's assembly is: beside this executable, else in the checkout it was built in.</summary>
    internal static string? Locate(string tool, string projectDir)
    {
        var baseDir = AppContext.BaseDirectory;
        var beside = Path.Combine(baseDir, tool + ".dll");
        if (File.Exists(beside))
        {
            return beside;
        }

        // In a checkout this runs from <root>/src/Host/bin/<configuration>/<framework>/: the tool's output is at
        // <root>/<projectDir>/bin/<configuration>/<framework>/.
        var dir = new DirectoryInfo(baseDir);
        var tail = new List<string>();
        while (dir is not null && dir.Name != "bin")
        {
            tail.Insert(0, dir.Name);
            dir = dir.Parent;
        }

        var hostProject = dir?.Parent;
        var root = hostProject?.Parent?.Parent;
        if (root is null || !File.Exists(Path.Combine(root.FullName, "QuantumTrader.sln")))
        {
            return null;
        }

        var parts = new List<string> { root.FullName, projectDir, "bin" };
        parts.AddRange(tail);
        parts.Add(tool + ".dll");
        var candidate = Path.Combine([.. parts]);
        return File.Exists(candidate) ? candidate : null;
    }

    private static string DotnetHost()
    {
        // Under `dotnet quantumtrader.dll` the current process is the muxer; under the apphost it is not.
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        var fromEnv = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return string.IsNullOrEmpty(fromEnv) ? "dotnet" : fromEnv;
    }

    private static void Forward(PosixSignalContext context, Process child, int signal)
    {
        context.Cancel = true;
        if (!child.HasExited)
        {
            _ = Kill(child.Id, signal);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
