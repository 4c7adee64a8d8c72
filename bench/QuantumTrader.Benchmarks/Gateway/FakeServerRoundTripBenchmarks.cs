using BenchmarkDotNet.Attributes;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Gateway.Fake;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;

namespace QuantumTrader.Benchmarks.Gateway;

/// <summary>
/// A signed REST round trip to the fake Binance server on loopback (Kestrel in the same process): a signed
/// GET and a MARKET order placed and filled. Measures our client + HTTP stack + the fake, not Binance.
/// Run: <c>dotnet run -c Release --project bench/QuantumTrader.Benchmarks -- --filter '*FakeServerRoundTripBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class FakeServerRoundTripBenchmarks
{
    private const string Key = "bench-key";
    private const string Secret = "bench-secret";
    private FakeBinanceServer _server = null!;
    private BinanceRestClient _client = null!;
    private long _sequence;

    /// <summary>Starts the server and the client.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var filters = new SymbolFilters
        {
            Symbol = "BTCUSDT",
            TickSize = Price.FromDecimal(0.1m).Raw,
            StepSize = Quantity.FromDecimal(0.001m).Raw,
            MinQuantity = Quantity.FromDecimal(0.001m).Raw,
            PricePrecision = 2,
            QuantityPrecision = 3,
        };
        _server = FakeBinanceServer.StartAsync(new FakeBinanceOptions
        {
            ApiKey = Key,
            SecretKey = Secret,
            Symbols = [new FakeSymbol(filters, Price.FromDecimal(60000m).Raw, Price.FromDecimal(59999.9m).Raw, Price.FromDecimal(60000m).Raw, Quantity.FromDecimal(1000m).Raw)],
        }).GetAwaiter().GetResult();
        // Limits far above what a benchmark sends: we measure the round trip, not the limiter.
        _client = new BinanceRestClient(_server.RestBase, new ApiCredentials(Key, Secret), EpochClock.Instance, new RateLimiter(int.MaxValue / 2, int.MaxValue / 2, int.MaxValue / 2));
    }

    /// <summary>Stops both.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Signed GET (position risk).</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> SignedGet() => (await _client.GetPositionsAsync()).Status;

    /// <summary>MARKET order placed, filled, response parsed by the caller.</summary>
    [Benchmark]
    public async Task<int> PlaceMarketOrder()
    {
        var order = new OrderRequest
        {
            ClientOrderId = new ClientOrderId(1, ++_sequence),
            Side = (_sequence & 1) == 0 ? Side.Buy : Side.Sell,
            Type = OrderType.Market,
            Quantity = Quantity.FromDecimal(0.001m),
        };
        return (await _client.PlaceOrderAsync("BTCUSDT", order)).Status;
    }
}
