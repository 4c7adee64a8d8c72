using QuantumTrader.Runtime.Replay;
using Xunit;

namespace QuantumTrader.Runtime.Tests.Replay;

public sealed class ReplayVerifierTests
{
    [Fact]
    public void PayloadDifference_EqualPayloads_IsNull()
    {
        Assert.Null(ReplayVerifier.PayloadDifference(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 3 }));
        Assert.Null(ReplayVerifier.PayloadDifference([], []));
    }

    [Fact]
    public void PayloadDifference_DifferentByte_NamesIt()
    {
        Assert.Equal("payload differs from byte 1", ReplayVerifier.PayloadDifference(new byte[] { 1, 2, 3 }, new byte[] { 1, 9, 3 }));
    }

    [Theory]
    [InlineData(3, 4)] // the replay wrote a byte more
    [InlineData(4, 3)] // the replay wrote a byte less
    [InlineData(0, 2)]
    public void PayloadDifference_SamePrefixDifferentLength_IsADivergence(int journaledLength, int replayedLength)
    {
        var journaled = new byte[journaledLength];
        var replayed = new byte[replayedLength];
        var detail = ReplayVerifier.PayloadDifference(journaled, replayed);
        Assert.NotNull(detail);
        Assert.Contains($"{journaledLength} bytes", detail, StringComparison.Ordinal);
        Assert.Contains($"{replayedLength} bytes", detail, StringComparison.Ordinal);
    }
}
