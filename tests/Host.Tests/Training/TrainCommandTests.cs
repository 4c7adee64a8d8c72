using QuantumTrader.Host.Training;
using Xunit;

namespace QuantumTrader.Host.Tests.Training;

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

    [Fact]
    public void Invoke_Synthetic_WritesModelAndSidecar()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("qt-train-cmd-").FullName, "m.onnx");

        var code = Program.BuildRoot().Parse(["train", "--synthetic-seconds", "86400", "--symbols", "1", "--iterations", "5", "--out", output, "--json"]).Invoke();

        Assert.Equal(0, code);
        Assert.True(File.Exists(output));
        Assert.True(File.Exists(output + ".json"));
    }
}
