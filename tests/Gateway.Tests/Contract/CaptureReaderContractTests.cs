using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Model.Ports;
using QuantumTrader.Testing.Contracts;

namespace QuantumTrader.Gateway.Tests.Contract;

/// <summary>The capture reader contract for hftbacktest's <c>&lt;receive_ns&gt; &lt;json&gt;</c> lines.</summary>
public sealed class HftBacktestCaptureReaderContractTests : CaptureReaderContract
{
    /// <inheritdoc />
    protected override ICaptureReader Open(string path) => new HftBacktestCaptureReader(path);

    /// <inheritdoc />
    protected override string FrameLine(long receiveTimeNs, string json) => $"{receiveTimeNs} {json}";
}

/// <summary>The capture reader contract for cryptofeed's WebSocket file (<c>&lt;unix_seconds&gt;: &lt;json&gt;</c>
/// lines after a connection header).</summary>
public sealed class CryptofeedCaptureReaderContractTests : CaptureReaderContract
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> HeaderLines => ["wss://fstream.binance.com/stream?streams=btcusdt@trade <-> 1700000000.000000"];

    /// <inheritdoc />
    protected override string FileName => "binance.ws.1.0";

    /// <inheritdoc />
    protected override ICaptureReader Open(string path) => new CryptofeedCaptureReader(path, null);

    /// <inheritdoc />
    protected override string FrameLine(long receiveTimeNs, string json) => $"{receiveTimeNs / 1_000_000_000}.{receiveTimeNs % 1_000_000_000:D9}: {json}";
}
