using QuantumTrader.Runtime.Tests.Config;
using System.CommandLine;
using System.Text.Json;
using QuantumTrader.Runtime.Configuration;

namespace QuantumTrader.Host.Tests.Commands;

public sealed class ConfigCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qt-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Check_ValidFile_ExitsZeroWithNoErrors()
    {
        var path = Write("valid.toml", Shipped());

        var (exit, output, error) = Run("config", "check", path);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_InvalidFile_ExitsOneWithOneCompilerStyleLinePerError()
    {
        var text = ConfigFixtures.Valid
            .Replace("ring_size = 1024", "ring_size = 1000", StringComparison.Ordinal)
            .Replace("durability = \"flush\"", "durabilty = \"flush\"", StringComparison.Ordinal);
        var path = Write("bad.toml", text);

        var (exit, output, error) = Run("config", "check", path);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{path}:3:13: engine.ring_size: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{path}:18:1: journal.durabilty: unknown key", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Json_PrintsValidityAndErrors()
    {
        var path = Write("bad.toml", ConfigFixtures.WithLine(29, "min_confidence = nan"));

        var (exit, output, _) = Run("config", "check", path, "--json");

        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        var e = Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("strategy.min_confidence", e.GetProperty("key").GetString());
        Assert.Equal(29, e.GetProperty("line").GetInt32());
        Assert.Equal(18, e.GetProperty("column").GetInt32());
        Assert.Contains("NaN", e.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_JsonValid_PrintsEmptyErrors()
    {
        var path = Write("valid.toml", Shipped());

        var (exit, output, _) = Run("config", "check", path, "--json");

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(0, doc.RootElement.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public void Check_NoFileArgument_ChecksTheDefaultBesideTheExecutable()
    {
        var (exit, output, error) = Run("config", "check");

        Assert.True(exit == 0, error);
        Assert.Contains(ConfigLoader.DefaultPath, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MissingFile_ExitsOne()
    {
        var (exit, _, error) = Run("config", "check", Path.Combine(_dir, "nope.toml"));

        Assert.Equal(1, exit);
        Assert.Contains(":0:0: (file): cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_SparseFile_PrintsTomlWithDefaultsThatLoadsBack()
    {
        var path = Write("sparse.toml", "[[market.instruments]]\nsymbol = \"BTCUSDT\"\ntick_size = \"0.10\"\nstep_size = \"0.001\"\n");

        var (exit, output, _) = Run("config", "show", path);

        Assert.Equal(0, exit);
        Assert.Contains("ring_size = 65536", output, StringComparison.Ordinal);
        Assert.Contains("[[engine.groups]]", output, StringComparison.Ordinal);
        var reloaded = ConfigLoader.LoadText(output, "shown.toml", new ConfigLoadOptions { ProcessorCount = 1 });
        Assert.True(reloaded.IsValid, string.Join("; ", reloaded.Errors));
    }

    [Fact]
    public void Show_Json_PrintsEffectiveConfig()
    {
        var path = Write("valid.toml", ConfigFixtures.Valid);

        var (exit, output, _) = Run("config", "show", path, "--json");

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(1024, doc.RootElement.GetProperty("engine").GetProperty("ring_size").GetInt32());
        Assert.Equal(7, doc.RootElement.GetProperty("market").GetProperty("synthetic_seed").GetInt32());
    }

    [Fact]
    public void Show_InvalidFile_ExitsOneWithErrorsAndNoConfig()
    {
        var path = Write("bad.toml", ConfigFixtures.WithLine(3, "ring_size = 3"));

        var (exit, output, error) = Run("config", "show", path);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains(":3:13: engine.ring_size:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoInferenceSection_ExitsOne_RunWouldHaveNoModel()
    {
        var text = Shipped();
        var start = text.IndexOf("[inference]", StringComparison.Ordinal);
        var end = text.IndexOf("[simulator]", StringComparison.Ordinal);
        var path = Write("no-models.toml", text[..start] + text[end..]);

        var (exit, _, error) = Run("config", "check", path);

        Assert.Equal(1, exit);
        Assert.Contains($"{path}:0:0: inference: ", error, StringComparison.Ordinal);
        Assert.Contains("fail closed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CandleIntervalTheModelWasNotTrainedOn_ExitsOneNamingKeyAndLine()
    {
        var text = Shipped().Replace("candle_interval = \"250ms\"", "candle_interval = \"1m\"", StringComparison.Ordinal);
        var path = Write("one-minute.toml", text);
        var line = LineOf(text, "candle_interval = ");

        var (exit, _, error) = Run("config", "check", path);

        Assert.Equal(1, exit);
        Assert.Contains($"{path}:{line}:", error, StringComparison.Ordinal);
        Assert.Contains("features.candle_interval: ", error, StringComparison.Ordinal);
        Assert.Contains("default.onnx", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ModelFileMissing_ExitsOneNamingTheModelsPathKey()
    {
        var text = Shipped().Replace(ModelPath, Path.Combine(_dir, "gone.onnx"), StringComparison.Ordinal);
        var path = Write("gone.toml", text);
        var line = LineOf(text, "gone.onnx");

        var (exit, _, error) = Run("config", "check", path);

        Assert.Equal(1, exit);
        Assert.Contains($"{path}:{line}:", error, StringComparison.Ordinal);
        Assert.Contains("inference.models[0].path: ", error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ConfigThatCheckRefuses_ExitsOneWithTheSameError()
    {
        var text = Shipped().Replace("candle_interval = \"250ms\"", "candle_interval = \"1m\"", StringComparison.Ordinal);
        var path = Write("one-minute.toml", text);

        var (exit, _, error) = Run("run", "--config", path, "--events", "10", "--journal", Path.Combine(_dir, "j"));

        Assert.Equal(1, exit);
        Assert.Contains("features.candle_interval: ", error, StringComparison.Ordinal);
    }

    private static string ModelPath => Path.Combine(Path.GetDirectoryName(ConfigLoader.DefaultPath)!, "models", "default.onnx");

    /// <summary>The shipped config.toml with its model path made absolute (the file is written elsewhere).</summary>
    private static string Shipped() => File.ReadAllText(ConfigLoader.DefaultPath).Replace("\"models/default.onnx\"", "\"" + ModelPath + "\"", StringComparison.Ordinal);

    private static int LineOf(string text, string needle) => text[..text.IndexOf(needle, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
