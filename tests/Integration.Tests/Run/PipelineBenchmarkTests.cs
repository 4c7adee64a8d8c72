using System.CommandLine;
using System.Text.Json;
using QuantumTrader.Host;
using Xunit;

namespace QuantumTrader.Integration.Tests.Run;

[Trait("Category", "Integration")]
public sealed class PipelineBenchmarkTests
{
    [Fact]
    public void BenchPipeline_Json_HasMachineScenariosAndLatencyWithContractFields()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = QuantumTrader.Bench.Program.BuildRoot().Parse(["bench", "pipeline", "--seconds", "1", "--json"]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        Assert.True(exit == 0, error.ToString());
        using var doc = JsonDocument.Parse(output.ToString());
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, root.GetProperty("machine").ValueKind);
        var names = new List<string>();
        foreach (var s in root.GetProperty("scenarios").EnumerateArray())
        {
            names.Add(s.GetProperty("name").GetString()!);
            Assert.True(s.GetProperty("events_per_sec").GetDouble() > 0);
            Assert.True(s.GetProperty("gc_collections").TryGetInt32(out _)); // reported, as integers
            Assert.True(s.GetProperty("allocated_bytes").TryGetInt64(out _));
        }

        Assert.Equal(["max", "paced-10000", "paced-100000"], names);
        Assert.NotEqual(0, root.GetProperty("latency").GetArrayLength());
        foreach (var l in root.GetProperty("latency").EnumerateArray())
        {
            var p50 = l.GetProperty("p50_ns").GetInt64();
            Assert.True(p50 > 0);
            Assert.True(l.GetProperty("p99_ns").GetInt64() >= p50);
            Assert.True(l.GetProperty("p999_ns").GetInt64() >= l.GetProperty("p99_ns").GetInt64());
            Assert.True(l.GetProperty("max_ns").GetInt64() >= l.GetProperty("p999_ns").GetInt64());
        }
    }
}
