using System.Text.Json;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Model;
using QuantumTrader.Runtime.Configuration;

namespace QuantumTrader.Runtime.Composition;

/// <summary>
/// What a Binance venue needs before the engine is built: the signed REST client (keys from the environment
/// variables named in [binance], never printed) with the server time synced, and exchangeInfo listing every
/// configured instrument.
/// </summary>
public sealed class BinanceConnection : IDisposable
{
    private BinanceConnection(BinanceRestClient rest, ExchangeInfo info)
    {
        Rest = rest;
        Info = info;
    }

    /// <summary>The REST client (owned: the live run disposes it after the gateway).</summary>
    public BinanceRestClient Rest { get; }

    /// <summary>The exchange's symbol filters.</summary>
    public ExchangeInfo Info { get; }

    /// <summary>Connects; null after writing the reason to <paramref name="error"/> (no server time, no exchangeInfo,
    /// or an instrument the exchange does not list).</summary>
    public static BinanceConnection? Open(QuantumTraderConfig config, InstrumentRegistry instruments, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(error);
        var credentials = new ApiCredentials(
            Environment.GetEnvironmentVariable(config.Binance.ApiKeyEnv)!,
            Environment.GetEnvironmentVariable(config.Binance.ApiSecretEnv)!);
        var rest = new BinanceRestClient(new Uri(config.Binance.RestBase), credentials, EpochClock.Instance);
        var info = FetchExchangeInfo(rest, config.Binance.RestBase, error);
        for (var i = 0; info is not null && i < instruments.Count; i++)
        {
            var symbol = instruments[(ushort)i].Symbol;
            if (!info.TryGet(symbol, out _))
            {
                error.WriteLine($"run: --venue binance: {symbol} is not listed by {config.Binance.RestBase}/fapi/v1/exchangeInfo");
                info = null;
            }
        }

        if (info is null)
        {
            rest.Dispose();
            return null;
        }

        return new BinanceConnection(rest, info);
    }

    /// <inheritdoc />
    public void Dispose() => Rest.Dispose();

    private static ExchangeInfo? FetchExchangeInfo(BinanceRestClient rest, string restBase, TextWriter error)
    {
        try
        {
            if (!rest.SyncTimeAsync().GetAwaiter().GetResult())
            {
                error.WriteLine($"run: --venue binance: {restBase}/fapi/v1/time did not answer; refusing to trade without the server time");
                return null;
            }

            var info = rest.GetExchangeInfoAsync().GetAwaiter().GetResult();
            if (info is null)
            {
                error.WriteLine($"run: --venue binance: {restBase}/fapi/v1/exchangeInfo did not answer; refusing to trade without the symbol filters");
            }

            return info;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or InvalidDataException or FormatException or TaskCanceledException)
        {
            error.WriteLine($"run: --venue binance: exchangeInfo from {restBase}: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }
}
