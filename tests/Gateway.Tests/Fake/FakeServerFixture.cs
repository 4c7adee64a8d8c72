using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Gateway.Fake;
using QuantumTrader.Model;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Gateway.Tests.Fake;

/// <summary>A fake server on loopback plus a gateway wired to it, per test.</summary>
internal sealed class FakeServerFixture : IAsyncDisposable
{
    public const string ApiKey = "dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83";
    public const string Secret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";

    public static readonly SymbolFilters BtcFilters = new()
    {
        Symbol = "BTCUSDT",
        MinPrice = Price.FromDecimal(556.80m).Raw,
        MaxPrice = Price.FromDecimal(4529764m).Raw,
        TickSize = Price.FromDecimal(0.10m).Raw,
        MinQuantity = Quantity.FromDecimal(0.001m).Raw,
        MaxQuantity = Quantity.FromDecimal(1000m).Raw,
        StepSize = Quantity.FromDecimal(0.001m).Raw,
        MinNotional = Price.FromDecimal(100m).Raw,
        MultiplierUp = Price.FromDecimal(1.05m).Raw,
        MultiplierDown = Price.FromDecimal(0.95m).Raw,
        PricePrecision = 2,
        QuantityPrecision = 3,
    };

    private FakeServerFixture(FakeBinanceServer server, BinanceRestClient rest, BinanceOrderGateway gateway, RecordingSink sink, InstrumentRegistry instruments)
    {
        Server = server;
        Rest = rest;
        Gateway = gateway;
        Sink = sink;
        Instruments = instruments;
    }

    public FakeBinanceServer Server { get; }

    public BinanceRestClient Rest { get; }

    public BinanceOrderGateway Gateway { get; }

    public RecordingSink Sink { get; }

    public InstrumentRegistry Instruments { get; }

    /// <summary>The reference price the fake's market sits at (orders in tests carry it, as sizing would set it).</summary>
    public static Price Reference => Price.FromDecimal(60000m);

    public static async Task<FakeServerFixture> StartAsync(string secret = Secret, long serverSkewMs = 0, TimeSpan? timeout = null, TimeSpan? pingInterval = null, TimeSpan? pongTimeout = null, bool depthSnapshotsFromStream = false, QuantumTrader.Engine.Threading.IIdleStrategy? gatewayIdle = null)
    {
        var server = await FakeBinanceServer.StartAsync(new FakeBinanceOptions
        {
            ApiKey = ApiKey,
            SecretKey = Secret,
            ServerTimeSkewMs = serverSkewMs,
            PingInterval = pingInterval ?? TimeSpan.FromMinutes(3),
            PongTimeout = pongTimeout ?? TimeSpan.FromMinutes(10),
            DepthSnapshotsFromStream = depthSnapshotsFromStream,
            Symbols =
            [
                new FakeSymbol(BtcFilters, Price.FromDecimal(60000m).Raw, Price.FromDecimal(59999.9m).Raw, Price.FromDecimal(60000m).Raw, Quantity.FromDecimal(1m).Raw),
            ],
        });
        var rest = new BinanceRestClient(server.RestBase, new ApiCredentials(ApiKey, secret), EpochClock.Instance, timeout: timeout ?? TimeSpan.FromSeconds(5));
        var info = await rest.GetExchangeInfoAsync() ?? throw new InvalidOperationException("no exchangeInfo");
        var instruments = new InstrumentRegistry();
        instruments.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), Price.FromDecimal(100m).Raw);
        var sink = new RecordingSink();
        var gateway = new BinanceOrderGateway(rest, info, instruments, sink, EpochClock.Instance, new BinanceOrderGatewayOptions
        {
            UnavailableBackoff = TimeSpan.FromMilliseconds(10),
            ResolveBackoff = TimeSpan.FromMilliseconds(10),
            NotFoundConfirmDelay = TimeSpan.FromMilliseconds(20),
            Idle = gatewayIdle,
        });
        return new FakeServerFixture(server, rest, gateway, sink, instruments);
    }

    public int PostsFor(string clientOrderId)
        => Server.RequestLog.Count(l => l.StartsWith("POST /fapi/v1/", StringComparison.Ordinal) && l.Contains("ClientOrderId=" + clientOrderId + "&", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Rest.Dispose();
        await Server.DisposeAsync();
    }
}
