using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace QuantumTrader.Bench;

/// <summary>
/// What a benchmark ran on, printed with every figure (the "machine" object of every <c>bench --json</c>):
/// a latency number means nothing without the processor, the core count, whether it is a VM and the GC mode.
/// </summary>
/// <param name="ProcessorName">Processor model (/proc/cpuinfo "model name"), or the architecture when unknown.</param>
/// <param name="LogicalCores">Logical cores this process may use (<see cref="Environment.ProcessorCount"/>).</param>
/// <param name="MemoryBytes">Physical memory (/proc/meminfo MemTotal, else what the GC sees), in bytes.</param>
/// <param name="Os">Operating system description.</param>
/// <param name="Architecture">Process architecture (X64, Arm64 ...).</param>
/// <param name="DotNetVersion">.NET runtime description, e.g. ".NET 10.0.0".</param>
/// <param name="ServerGc">True with the server GC.</param>
/// <param name="ConcurrentGc">True with background (concurrent) collections enabled.</param>
/// <param name="GcLatencyMode">The GC latency mode in effect.</param>
/// <param name="IsVirtualMachine">True when the CPU reports the "hypervisor" flag (a guest of KVM, Xen, Hyper-V ...).</param>
public sealed record MachineInfo(
    string ProcessorName,
    int LogicalCores,
    long MemoryBytes,
    string Os,
    string Architecture,
    string DotNetVersion,
    bool ServerGc,
    bool ConcurrentGc,
    string GcLatencyMode,
    bool IsVirtualMachine)
{
    /// <summary>Describes the machine this process runs on (reads /proc on Linux; falls back to runtime facts elsewhere).</summary>
    public static MachineInfo Capture() => FromProcFiles(ReadOrNull("/proc/cpuinfo"), ReadOrNull("/proc/meminfo"));

    /// <summary>Builds the record from the text of /proc/cpuinfo and /proc/meminfo (null when unavailable) and the running runtime.</summary>
    public static MachineInfo FromProcFiles(string? cpuInfo, string? memInfo)
    {
        var memory = ParseMemTotalBytes(memInfo);
        if (memory <= 0)
        {
            memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        }

        return new MachineInfo(
            ParseProcessorName(cpuInfo) ?? RuntimeInformation.ProcessArchitecture.ToString(),
            Environment.ProcessorCount,
            memory,
            RuntimeInformation.OSDescription,
            RuntimeInformation.ProcessArchitecture.ToString(),
            RuntimeInformation.FrameworkDescription,
            GCSettings.IsServerGC,
            IsConcurrentGcEnabled(),
            GCSettings.LatencyMode.ToString(),
            HasHypervisorFlag(cpuInfo));
    }

    /// <summary>The first "model name" of /proc/cpuinfo, or null.</summary>
    public static string? ParseProcessorName(string? cpuInfo)
    {
        var value = FirstField(cpuInfo, "model name");
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>True when the first "flags" line of /proc/cpuinfo lists "hypervisor".</summary>
    public static bool HasHypervisorFlag(string? cpuInfo)
    {
        var flags = FirstField(cpuInfo, "flags");
        if (flags is null)
        {
            return false;
        }

        foreach (var flag in flags.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (flag == "hypervisor")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>MemTotal of /proc/meminfo in bytes, or 0 when absent.</summary>
    public static long ParseMemTotalBytes(string? memInfo)
    {
        var value = FirstField(memInfo, "MemTotal");
        if (value is null)
        {
            return 0;
        }

        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return 0;
        }

        var unit = parts.Length > 1 ? parts[1] : "";
        return unit.Equals("kB", StringComparison.OrdinalIgnoreCase) ? amount * 1024 : amount;
    }

    /// <summary>Writes this record as a JSON object value (call WritePropertyName("machine") first to make it a property).</summary>
    public void ToJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("processor", ProcessorName);
        writer.WriteNumber("logical_cores", LogicalCores);
        writer.WriteNumber("memory_bytes", MemoryBytes);
        writer.WriteString("os", Os);
        writer.WriteString("architecture", Architecture);
        writer.WriteString("dotnet", DotNetVersion);
        writer.WriteStartObject("gc");
        writer.WriteBoolean("server", ServerGc);
        writer.WriteBoolean("concurrent", ConcurrentGc);
        writer.WriteString("latency_mode", GcLatencyMode);
        writer.WriteEndObject();
        writer.WriteBoolean("virtual_machine", IsVirtualMachine);
        writer.WriteEndObject();
    }

    /// <summary>One line for humans, printed above benchmark figures.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{ProcessorName}, {LogicalCores} logical cores, {MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB, {(IsVirtualMachine ? "VM" : "bare metal")}, {Os}, {DotNetVersion}, {(ServerGc ? "server" : "workstation")} GC {(ConcurrentGc ? "concurrent" : "non-concurrent")} ({GcLatencyMode})");

    /// <summary>
    /// Background GC in effect: the runtime runs in Batch latency mode exactly when concurrency is off
    /// (runtimeconfig System.GC.Concurrent=false or DOTNET_gcConcurrent=0); otherwise the configured switch.
    /// </summary>
    private static bool IsConcurrentGcEnabled() =>
        GCSettings.LatencyMode != GCLatencyMode.Batch
        && (!AppContext.TryGetSwitch("System.GC.Concurrent", out var enabled) || enabled);

    private static string? FirstField(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().SequenceEqual(name))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
