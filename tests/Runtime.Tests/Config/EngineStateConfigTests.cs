using QuantumTrader.Runtime.Configuration;

namespace QuantumTrader.Runtime.Tests.Config;

/// <summary>engine.start_mode, and the stage layout rule that the signal stage shares the gating stage's thread.</summary>
public sealed class EngineStateConfigTests
{
    private static readonly ConfigLoadOptions FourCores = new() { ProcessorCount = 4 };

    [Theory]
    [InlineData("active")]
    [InlineData("reducing")]
    [InlineData("halted")]
    public void StartMode_KnownValue_Binds(string mode)
    {
        var result = ConfigLoader.LoadText(ConfigFixtures.WithLine(4, $"producer = \"multi\"\nstart_mode = \"{mode}\""), "test.toml", FourCores);
        Assert.Empty(result.Errors);
        Assert.Equal(mode, result.Config!.Engine.StartMode);
    }

    [Fact]
    public void StartMode_Absent_IsActive() =>
        Assert.Equal("active", ConfigLoader.LoadText(ConfigFixtures.Valid, "test.toml", FourCores).GetConfigOrThrow().Engine.StartMode);

    [Fact]
    public void StartMode_Unknown_ErrorNamesKeyAndLine()
    {
        var error = Assert.Single(ConfigLoader.LoadText(ConfigFixtures.WithLine(4, "start_mode = \"paused\""), "test.toml", FourCores).Errors);
        Assert.Equal("engine.start_mode", error.Key);
        Assert.Equal(4, error.Line);
        Assert.Contains("active | reducing | halted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignalAndGatingInDifferentGroups_RefusedAtTheGatingEntry()
    {
        var text = ConfigFixtures.WithLine(8, "stages = [\"ingest\", \"features\", \"inference\", \"signal\", \"sizing\"]")
            .Replace("stages = [\"inference\", \"signal\", \"sizing\", \"gating\", \"journal\", \"route\"]", "stages = [\"gating\", \"journal\", \"route\"]", StringComparison.Ordinal);

        var error = Assert.Single(ConfigLoader.LoadText(text, "test.toml", FourCores).Errors);

        Assert.Equal("engine.groups[1].stages[0]", error.Key);
        Assert.Equal(13, error.Line);
        Assert.Contains("\"signal\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("same group", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignalAndGatingInDifferentGroups_RunRefusesWithTheSameError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"qt-split-{Guid.NewGuid():N}.toml");
        var text = ConfigFixtures.WithLine(8, "stages = [\"ingest\", \"features\", \"inference\", \"signal\", \"sizing\"]")
            .Replace("stages = [\"inference\", \"signal\", \"sizing\", \"gating\", \"journal\", \"route\"]", "stages = [\"gating\", \"journal\", \"route\"]", StringComparison.Ordinal);
        File.WriteAllText(path, text);
        try
        {
            var error = new StringWriter();
            var exit = QuantumTrader.Runtime.Running.RunSession.Execute(new QuantumTrader.Runtime.Running.RunOptions { ConfigPath = path, MaxEvents = 10 }, new StringWriter(), error);
            Assert.Equal(1, exit);
            Assert.Contains(":13:", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("engine.groups[1].stages[0]: stage \"gating\" must run in the same group as \"signal\"", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
