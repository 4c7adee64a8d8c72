using System.Text.Json;
using QuantumTrader.Bench;
using QuantumTrader.Runtime.Metrics;
using QuantumTrader.Runtime.Output;

namespace QuantumTrader.Bench.Tests;

public sealed class MachineInfoTests
{
    private const string GuestCpuInfo =
        "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu vme sse2 hypervisor lahf_lm\n\n"
        + "processor\t: 1\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu vme sse2 hypervisor lahf_lm\n";

    private const string MetalCpuInfo = "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Gold 6338\nflags\t\t: fpu vme hypervisorless sse2\n";

    [Fact]
    public void ParseProcessorName_CpuInfo_GivesModelName()
    {
        Assert.Equal("AMD EPYC 7B13", MachineInfo.ParseProcessorName(GuestCpuInfo));
        Assert.Null(MachineInfo.ParseProcessorName("processor\t: 0\n"));
        Assert.Null(MachineInfo.ParseProcessorName(null));
    }

    [Fact]
    public void HasHypervisorFlag_GuestAndMetal_AreTold()
    {
        Assert.True(MachineInfo.HasHypervisorFlag(GuestCpuInfo));
        Assert.False(MachineInfo.HasHypervisorFlag(MetalCpuInfo));
        Assert.False(MachineInfo.HasHypervisorFlag(null));
    }

    [Fact]
    public void ParseMemTotalBytes_MemInfo_ConvertsKilobytes()
    {
        Assert.Equal(24_684_100L * 1024, MachineInfo.ParseMemTotalBytes("MemTotal:       24684100 kB\nMemFree:  1 kB\n"));
        Assert.Equal(0, MachineInfo.ParseMemTotalBytes("MemFree: 1 kB\n"));
        Assert.Equal(0, MachineInfo.ParseMemTotalBytes(null));
    }

    [Fact]
    public void FromProcFiles_NoProcFiles_FallsBackToRuntimeFacts()
    {
        var info = MachineInfo.FromProcFiles(null, null);

        Assert.Equal(info.Architecture, info.ProcessorName);
        Assert.True(info.MemoryBytes > 0);
        Assert.False(info.IsVirtualMachine);
    }

    [Fact]
    public void Capture_ThisMachine_ReportsCoresAndRuntime()
    {
        var info = MachineInfo.Capture();

        Assert.Equal(Environment.ProcessorCount, info.LogicalCores);
        Assert.StartsWith(".NET", info.DotNetVersion, StringComparison.Ordinal);
        Assert.True(info.MemoryBytes > 0);
        Assert.False(string.IsNullOrWhiteSpace(info.ProcessorName));
    }

    [Fact]
    public void ToJson_Record_WritesEveryField()
    {
        var info = new MachineInfo("AMD EPYC", 2, 1L << 30, "Linux 6.1", "X64", ".NET 10.0.0", false, false, "Batch", true);

        using var doc = JsonDocument.Parse(JsonOut.ToString(info.ToJson));

        var root = doc.RootElement;
        Assert.Equal("AMD EPYC", root.GetProperty("processor").GetString());
        Assert.Equal(2, root.GetProperty("logical_cores").GetInt32());
        Assert.Equal(1L << 30, root.GetProperty("memory_bytes").GetInt64());
        Assert.True(root.GetProperty("virtual_machine").GetBoolean());
        Assert.False(root.GetProperty("gc").GetProperty("server").GetBoolean());
        Assert.False(root.GetProperty("gc").GetProperty("concurrent").GetBoolean());
        Assert.Equal("Batch", root.GetProperty("gc").GetProperty("latency_mode").GetString());
        Assert.Equal(".NET 10.0.0", root.GetProperty("dotnet").GetString());
        Assert.Contains("VM", info.ToString(), StringComparison.Ordinal);
    }
}
