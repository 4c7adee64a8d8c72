using System.Diagnostics;
using System.Text.Json;
using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Runtime.Capture;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Gateway.Fake;
using QuantumTrader.Model.Text;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Model;

namespace QuantumTrader.Host.Demo;

/// <summary>
/// The demo target of <c>run --live</c>: the in-repo <see cref="FakeBinanceServer"/> on 127.0.0.1, trading the
/// configured instruments (filters from [market], book around the capture's first bookTicker) and replaying a
/// recorded capture byte for byte to its WebSocket subscribers once the first one has connected.
/// </summary>
public sealed class FakeBinanceHost : IAsyncDisposable
{
    /// <summary>API key the fake accepts when the key variable is not set (a demo value, not a secret).</summary>
    public const string DemoApiKey = "fake-binance-demo-key";

    /// <summary>API secret the fake accepts when the secret variable is not set (a demo value, not a secret).</summary>
    public const string DemoSecret = "fake-binance-demo-secret";

    private const int ScanFrames = 50_000;

    private readonly string? _data;
    private readonly double _speed;

    private FakeBinanceHost(FakeBinanceServer server, string? data, double speed, IReadOnlyList<string> symbols, IReadOnlyList<string> streamTypes)
    {
        Server = server;
        _data = data;
        _speed = speed;
        Symbols = symbols;
        StreamTypes = streamTypes;
    }

    /// <summary>The server.</summary>
    public FakeBinanceServer Server { get; }

    /// <summary>Symbols served (those of [market] with a price in the capture).</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Stream types found at the start of the capture (what [binance] streams must list to receive it).</summary>
    public IReadOnlyList<string> StreamTypes { get; }

    /// <summary>Frames replayed to at least one subscriber so far.</summary>
    public long Replayed { get; private set; }

    /// <summary>
    /// Starts the server on 127.0.0.1:<paramref name="port"/> (0: any free port).
    /// </summary>
    /// <param name="config">Instruments ([market]) and the names of the key variables ([binance]).</param>
    /// <param name="port">Loopback port; 0 picks one.</param>
    /// <param name="data">A recorded capture to replay, or null (REST only, no symbol priced).</param>
    /// <param name="speed">Replay speed: 1 = recorded pacing, N = N times faster, 0 = as fast as the sockets go.</param>
    public static async Task<FakeBinanceHost> StartAsync(QuantumTraderConfig config, int port, string? data, double speed)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (prices, types) = data is null ? (new Dictionary<string, (long Bid, long Ask)>(), new List<string>()) : Scan(data);
        var symbols = new List<FakeSymbol>();
        var names = new List<string>();
        foreach (var i in config.Market.Instruments)
        {
            if (!prices.TryGetValue(i.Symbol, out var top))
            {
                continue;
            }

            DecimalCodec.TryParseFixed(i.TickSize, out var tick, out _);
            DecimalCodec.TryParseFixed(i.StepSize, out var step, out _);
            DecimalCodec.TryParseFixed(i.MinNotional, out var minNotional, out _);
            var filters = new SymbolFilters
            {
                Symbol = i.Symbol,
                TickSize = tick,
                StepSize = step,
                MinPrice = tick,
                MaxPrice = tick * 1_000_000_000L,
                MinQuantity = step,
                MaxQuantity = step * 1_000_000L,
                MarketMinQuantity = step,
                MarketMaxQuantity = step * 1_000_000L,
                MarketStepSize = step,
                MinNotional = minNotional,
                MultiplierUp = Price.FromDecimal(1.05m).Raw,
                MultiplierDown = Price.FromDecimal(0.95m).Raw,
                PricePrecision = Decimals(i.TickSize),
                QuantityPrecision = Decimals(i.StepSize),
            };
            symbols.Add(new FakeSymbol(filters, (top.Bid + top.Ask) / 2, top.Bid, top.Ask, step * 1000));
            names.Add(i.Symbol);
        }

        var key = Environment.GetEnvironmentVariable(config.Binance.ApiKeyEnv);
        var secret = Environment.GetEnvironmentVariable(config.Binance.ApiSecretEnv);
        var server = await FakeBinanceServer.StartAsync(new FakeBinanceOptions
        {
            ApiKey = string.IsNullOrWhiteSpace(key) ? DemoApiKey : key,
            SecretKey = string.IsNullOrWhiteSpace(secret) ? DemoSecret : secret,
            Symbols = symbols,
            Port = port,
            DepthSnapshotsFromStream = true, // snapshots follow the replayed book: a client can resync after a gap or a stall
        }).ConfigureAwait(false);
        return new FakeBinanceHost(server, data, speed, names, types);
    }

    /// <summary>Waits until a market-data client is connected, then replays the capture once at the configured speed.</summary>
    /// <returns>Frames replayed to at least one subscriber (0 without a capture).</returns>
    public async Task<long> ReplayWhenSubscribedAsync(CancellationToken ct)
    {
        if (_data is null)
        {
            return 0;
        }

        while (Server.OpenConnections == 0)
        {
            await Task.Delay(20, ct).ConfigureAwait(false);
        }

        using var reader = CaptureFormat.Open(_data);
        var watch = Stopwatch.StartNew();
        long first = 0;
        Func<long, Task>? pacing = _speed <= 0 ? null : async ns =>
        {
            first = first == 0 ? ns : first;
            var due = TimeSpan.FromTicks((long)((ns - first) / 100 / _speed));
            var ahead = due - watch.Elapsed;
            if (ahead > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(ahead, ct).ConfigureAwait(false);
            }
        };
        Replayed = await Server.ReplayAsync(reader, pacing, ct).ConfigureAwait(false);
        return Replayed;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static int Decimals(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : text.TrimEnd('0').Length - dot - 1;
    }

    // The first bookTicker of each symbol (the fake's own book for filling orders) and the stream types recorded.
    private static (Dictionary<string, (long Bid, long Ask)> Prices, List<string> Types) Scan(string path)
    {
        var prices = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        var types = new List<string>();
        using var reader = CaptureFormat.Open(path);
        for (var n = 0; n < ScanFrames && reader.TryRead(out var frame); n++)
        {
            if (frame.Kind == CaptureFrameKind.DepthSnapshot)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(frame.Payload);
                if (!doc.RootElement.TryGetProperty("stream", out var s) || s.GetString() is not { } stream || !doc.RootElement.TryGetProperty("data", out var d))
                {
                    continue;
                }

                var at = stream.IndexOf('@', StringComparison.Ordinal);
                var type = at < 0 ? stream : stream[(at + 1)..];
                if (!types.Contains(type))
                {
                    types.Add(type);
                }

                if (type == "bookTicker" && d.TryGetProperty("s", out var sym) && sym.GetString() is { } symbol && !prices.ContainsKey(symbol)
                    && d.TryGetProperty("b", out var b) && d.TryGetProperty("a", out var a)
                    && DecimalCodec.TryParseFixed(b.GetString() ?? "", out var bid, out _) && DecimalCodec.TryParseFixed(a.GetString() ?? "", out var ask, out _)
                    && bid > 0 && ask > bid)
                {
                    prices[symbol] = (bid, ask);
                }
            }
            catch (JsonException)
            {
                // a damaged recorded line: the replay sends it as recorded; the scan skips it
            }
        }

        return (prices, types);
    }
}
