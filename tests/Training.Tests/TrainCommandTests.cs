using QuantumTrader.Training;
using QuantumTrader.Runtime.Sources;
using QuantumTrader.Model.Ports;
using Xunit;

namespace QuantumTrader.Training.Tests;

public sealed class TrainCommandTests
{
    [Fact]
    public void Invoke_DataFileMissing_ExitCode2()
    {
        var missing = Path.Combine(Path.GetTempPath(), "qt-no-such-capture.gz");

        var code = Program.BuildRoot().Parse(["train", "--data", missing, "--out", Path.GetTempFileName()]).Invoke();

        Assert.Equal(2, code);
    }

    [Fact]
    public void Invoke_BothDataAndSynthetic_ExitCode2()
    {
        var code = Program.BuildRoot().Parse(["train", "--data", "x", "--synthetic-seconds", "100", "--out", "y.onnx"]).Invoke();

        Assert.Equal(2, code);
    }

    [Theory]
    [InlineData("--interval", "250ms", "--interval-seconds", "1")]
    [InlineData("--interval", "300ms", "--horizon", "5")]
    [InlineData("--interval", "5", "--horizon", "5")]
    public void Invoke_IntervalGivenTwiceOrNotACandleInterval_ExitCode2(string o1, string v1, string o2, string v2)
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("qt-train-interval-").FullName, "m.onnx");

        var (code, _, error) = Run(["train", "--synthetic-seconds", "3600", o1, v1, o2, v2, "--out", output]);

        Assert.Equal(2, code);
        Assert.Contains("interval", error, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Invoke_Synthetic_WritesModelAndSidecar()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("qt-train-cmd-").FullName, "m.onnx");

        var code = Program.BuildRoot().Parse(["train", "--synthetic-seconds", "86400", "--symbols", "1", "--iterations", "5", "--out", output, "--json"]).Invoke();

        Assert.Equal(0, code);
        Assert.True(File.Exists(output));
        Assert.True(File.Exists(output + ".json"));
    }

    // Seeded synthetic data on which the trained model is right less often than always saying HOLD
    // (hold-out micro accuracy 0.548 against a majority-class share of 0.644).
    private static readonly string[] WeakTraining = ["train", "--synthetic-seconds", "43200", "--symbols", "1", "--iterations", "40", "--dead-band-bps", "40"];

    [Fact]
    public void Invoke_WeakModelToADefaultPath_RefusedWithBothFiguresAndNothingWritten()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("qt-train-weak-").FullName, "models", "default.onnx");

        var (code, _, error) = Run([.. WeakTraining, "--out", output]);

        Assert.Equal(3, code);
        Assert.Contains("worse than always predicting the majority class", error, StringComparison.Ordinal);
        Assert.Contains("0.548", error, StringComparison.Ordinal);
        Assert.Contains("0.644", error, StringComparison.Ordinal);
        Assert.Contains("--allow-weak", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".json"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!)); // no candidate left behind
    }

    [Fact]
    public void Invoke_WeakModelWithAllowWeak_WrittenWithTheWarning()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("qt-train-weak-").FullName, "default.onnx");

        var (code, _, error) = Run([.. WeakTraining, "--out", output, "--allow-weak"]);

        Assert.Equal(0, code);
        Assert.Contains("worse than always predicting the majority class", error, StringComparison.Ordinal);
        Assert.True(File.Exists(output));
        Assert.True(File.Exists(output + ".json"));
    }

    [Fact]
    public void Invoke_WeakModelToAnotherPath_WrittenWithTheWarningInTheJson()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("qt-train-weak-").FullName, "candidate.onnx");

        var (code, stdout, error) = Run([.. WeakTraining, "--out", output, "--json"]);

        Assert.Equal(0, code);
        Assert.Contains("worse than always predicting the majority class", error, StringComparison.Ordinal);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("weak").GetBoolean());
        Assert.True(File.Exists(output));
    }

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Program.BuildRoot().Parse(args).Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
