using BenchmarkDotNet.Attributes;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;

namespace QuantumTrader.Benchmarks.Gateway;

/// <summary>
/// Serializing a new-order request into its query string and signing it (HMAC-SHA256, hex), into a reused buffer.
/// Run: <c>dotnet run -c Release --project bench/QuantumTrader.Benchmarks -- --filter '*OrderSigningBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class OrderSigningBenchmarks
{
    private readonly QueryBuilder _query = new();
    private readonly HmacSha256Signer _signer = new("2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9");
    private OrderRequest _order = new()
    {
        ClientOrderId = new ClientOrderId(1, 123_456_789),
        Side = Side.Buy,
        Type = OrderType.Limit,
        TimeInForce = TimeInForce.Gtx,
        Quantity = Quantity.FromDecimal(0.012m),
        Price = Price.FromDecimal(61800.3m),
    };

    /// <summary>Query only (no signature).</summary>
    [Benchmark(Baseline = true)]
    public int Serialize()
        => _query.Clear().AppendOrder("BTCUSDT", _order).AppendLong("recvWindow"u8, 5000).AppendLong("timestamp"u8, 1_723_161_256_299).Written.Length;

    /// <summary>Query and signature.</summary>
    [Benchmark]
    public int SerializeAndSign()
        => _query.Clear().AppendOrder("BTCUSDT", _order).AppendLong("recvWindow"u8, 5000).AppendLong("timestamp"u8, 1_723_161_256_299).Sign(_signer).Written.Length;
}
