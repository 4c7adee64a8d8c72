namespace QuantumTrader.Gateway.Binance.Common;

/// <summary>Base URLs of a Binance USDⓈ-M deployment; from configuration, so the gateway can point at the fake server on loopback.</summary>
/// <param name="RestBase">REST base, e.g. <c>https://fapi.binance.com</c>.</param>
/// <param name="WebSocketBase">WebSocket base without route, e.g. <c>wss://fstream.binance.com</c> (routes <c>/public</c>, <c>/market</c>, <c>/private</c> are appended).</param>
public sealed record BinanceEndpoints(Uri RestBase, Uri WebSocketBase)
{
    /// <summary>Production USDⓈ-M.</summary>
    public static BinanceEndpoints Production { get; } = new(new Uri("https://fapi.binance.com"), new Uri("wss://fstream.binance.com"));

    /// <summary>Demo (testnet) USDⓈ-M.</summary>
    public static BinanceEndpoints Demo { get; } = new(new Uri("https://demo-fapi.binance.com"), new Uri("wss://fstream.binancefuture.com"));
}
