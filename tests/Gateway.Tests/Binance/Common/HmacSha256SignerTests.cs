using System.Text;
using QuantumTrader.Gateway.Binance.Common;

namespace QuantumTrader.Gateway.Tests.Binance.Common;

/// <summary>Test vectors from shared/docs/binance-protocol.md §3.1 (Binance general-info.md and Spot rest-api.md).</summary>
public sealed class HmacSha256SignerTests
{
    [Theory]
    [InlineData(
        "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9",
        "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943",
        "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9")]
    [InlineData(
        "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
        "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559",
        "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")]
    public void TrySign_DocumentedVector_MatchesSignature(string secret, string payload, string expected)
    {
        var signer = new HmacSha256Signer(secret);
        var hex = new byte[64];
        Assert.True(signer.TrySign(Encoding.ASCII.GetBytes(payload), hex));
        Assert.Equal(expected, Encoding.ASCII.GetString(hex));
        Assert.True(signer.Verify(Encoding.ASCII.GetBytes(payload), Encoding.ASCII.GetBytes(expected.ToUpperInvariant())));
    }

    [Fact]
    public void Verify_TamperedPayload_False()
    {
        var signer = new HmacSha256Signer("2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9");
        var ok = "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9"u8.ToArray();
        Assert.False(signer.Verify("symbol=BTCUSDT&side=SELL&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943"u8, ok));
    }

    [Fact]
    public void ToString_Never_RevealsSecret()
    {
        var signer = new HmacSha256Signer("supersecretvalue");
        Assert.DoesNotContain("supersecretvalue", signer.ToString(), StringComparison.Ordinal);
    }
}
