using System.CommandLine;
using QuantumTrader.Host;
using QuantumTrader.Testing;
using Xunit;

namespace QuantumTrader.Integration.Tests.Live;

/// <summary>The command line of <c>run --live</c> and <c>fake-binance</c>: refusals before anything starts.</summary>
[Trait("Category", "Integration")]
public sealed class LiveCommandTests
{
    [Theory]
    [InlineData(new[] { "run", "--venue", "binance" }, "--venue needs --live")]
    [InlineData(new[] { "run", "--live", "--data", "x.gz" }, "--live and --data are exclusive")]
    [InlineData(new[] { "run", "--live", "--venue", "kraken" }, "'kraken' is neither paper nor binance")]
    [InlineData(new[] { "fake-binance", "--speed", "0" }, "neither max nor a positive number")]
    [InlineData(new[] { "fake-binance", "--port", "70000" }, "is not a port")]
    [InlineData(new[] { "fake-binance", "--data", "/nonexistent/capture.gz" }, "does not exist")]
    public void Invoke_BadArguments_Exit1WithReason(string[] args, string reason)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(1, exit);
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FakeBinance_IsARegisteredCommand()
    {
        var result = Program.BuildRoot().Parse(["fake-binance", "--port", "0", "--data", TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz"), "--speed", "max"]);

        Assert.Empty(result.Errors);
        Assert.Equal("fake-binance", result.CommandResult.Command.Name);
    }
}
