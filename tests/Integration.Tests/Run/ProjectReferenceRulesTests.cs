using System.Reflection;
using Xunit;

namespace QuantumTrader.Integration.Tests.Run;

/// <summary>
/// The project layout's reference rules (docs/ARCHITECTURE.md "Projects"), checked on the built assemblies'
/// metadata: what each one actually references, not what its project file says.
/// </summary>
public sealed class ProjectReferenceRulesTests
{
    private static readonly Dictionary<string, Assembly> Assemblies = new(StringComparer.Ordinal)
    {
        ["QuantumTrader.Engine"] = typeof(QuantumTrader.Engine.Ring.Sequence).Assembly,
        ["QuantumTrader.Model"] = typeof(QuantumTrader.Model.InputEvent).Assembly,
        ["QuantumTrader.Stages"] = typeof(QuantumTrader.Stages.Risk.GatingStage).Assembly,
        ["QuantumTrader.Gateway"] = typeof(QuantumTrader.Gateway.Simulated.SimulatedExchange).Assembly,
        ["QuantumTrader.Gateway.Fake"] = typeof(QuantumTrader.Gateway.Fake.FakeBinanceServer).Assembly,
        ["QuantumTrader.Runtime"] = typeof(QuantumTrader.Runtime.Composition.TradingEngine).Assembly,
        ["QuantumTrader.Services"] = typeof(QuantumTrader.Services.Journal.JournalExporter).Assembly,
        ["quantumtrader"] = typeof(QuantumTrader.Host.Program).Assembly,
    };

    public static TheoryData<string, string[]> Forbidden => new()
    {
        // Engine and Model reference nothing of ours (Model: Engine at most).
        { "QuantumTrader.Engine", ["QuantumTrader.", "Microsoft.ML"] },
        { "QuantumTrader.Model", ["QuantumTrader.Stages", "QuantumTrader.Gateway", "QuantumTrader.Runtime", "Microsoft.ML"] },
        { "QuantumTrader.Stages", ["QuantumTrader.Gateway", "QuantumTrader.Runtime", "QuantumTrader.Services", "quantumtrader"] },
        // Adapters never touch risk: no stage, no ONNX Runtime, no web server in the production gateway.
        { "QuantumTrader.Gateway", ["QuantumTrader.Stages", "QuantumTrader.Runtime", "Microsoft.ML", "Microsoft.AspNetCore"] },
        { "QuantumTrader.Gateway.Fake", ["QuantumTrader.Stages", "QuantumTrader.Runtime"] },
        { "QuantumTrader.Runtime", ["QuantumTrader.Services", "QuantumTrader.Gateway.Fake", "quantumtrader", "Microsoft.ML.Data", "Microsoft.ML.Core", "Microsoft.AspNetCore"] },
        { "QuantumTrader.Services", ["quantumtrader"] },
        // The trading binary runs training and the harnesses as separate processes.
        { "quantumtrader", ["quantumtrader-train", "quantumtrader-bench", "Microsoft.ML.Data", "Microsoft.ML.Core", "HdrHistogram", "BenchmarkDotNet"] },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Assembly_ReferencesNothingTheLayoutForbids(string name, string[] forbiddenPrefixes)
    {
        var references = Assemblies[name].GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.NotEmpty(references); // the metadata was read (System.Runtime at least)
        var broken = references
            .Where(r => r != name && forbiddenPrefixes.Any(p => r.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        Assert.True(broken.Count == 0, $"{name} references {string.Join(", ", broken)}");
    }

    [Fact]
    public void Gateway_ReferencesTheModel_NotTheStages()
    {
        var references = Assemblies["QuantumTrader.Gateway"].GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.Contains("QuantumTrader.Model", references);
        Assert.DoesNotContain("QuantumTrader.Stages", references);
    }
}
