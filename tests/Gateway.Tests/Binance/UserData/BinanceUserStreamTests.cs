using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Gateway.Binance.UserData;
using QuantumTrader.Gateway.Tests.Fake;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Gateway.Tests.Binance.UserData;

/// <summary>The listenKey user stream against the fake server over loopback.</summary>
[Trait("Category", "Integration")]
public sealed class BinanceUserStreamTests
{
    private static async Task Until(Func<bool> condition, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "condition not met in time");
            await Task.Delay(5);
        }
    }

    private static async Task<(BinanceUserStream Stream, RecordingSink Sink, BinanceRestClient Client)> StartAsync(FakeServerFixture f)
    {
        var sink = new RecordingSink();
        var rest = new BinanceRestClient(f.Server.RestBase, new ApiCredentials(FakeServerFixture.ApiKey, FakeServerFixture.Secret), EpochClock.Instance);
        var stream = new BinanceUserStream(new UserStreamOptions { WebSocketBase = f.Server.WebSocketBase, InitialBackoff = TimeSpan.FromMilliseconds(20) }, rest, f.Instruments, sink, EpochClock.Instance);
        stream.Start();
        await Until(() => f.Server.OpenUserStreams == 1 && stream.Connects == 1);
        return (stream, sink, rest);
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_MarketOrderFilled_OrderAndAccountEventsArrive()
    {
        await using var f = await FakeServerFixture.StartAsync();
        var (stream, sink, rest) = await StartAsync(f);
        await using (stream)
        {
            f.Gateway.Submit(new OrderRequest { ClientOrderId = new ClientOrderId(1, 21), Side = Side.Buy, Type = OrderType.Market, Quantity = Quantity.FromDecimal(0.01m), ReferencePrice = Price.FromDecimal(60000m) });
            var fill = sink.WaitFor(e => e.Kind == InputKind.OrderUpdate && e.Code == (ushort)OrderUpdateCode.Filled && e.ClientOrderId.Sequence == 21);
            Assert.NotNull(fill);
            Assert.Equal(Quantity.FromDecimal(0.01m).Raw, fill.Value.Aux0);
            var position = sink.WaitFor(e => e.Kind == InputKind.AccountUpdate && e.Code == (ushort)AccountUpdateCode.Position);
            Assert.Equal(Quantity.FromDecimal(0.01m).Raw, position!.Value.Aux0);
            Assert.Equal(1, stream.Parser.TradeLites);
        }

        rest.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_ListenKeyExpired_NewKeyAndReconnect()
    {
        await using var f = await FakeServerFixture.StartAsync();
        var (stream, sink, rest) = await StartAsync(f);
        await using (stream)
        {
            var firstKey = f.Server.ListenKey;
            f.Server.Faults.ArmListenKeyExpiry();
            f.Gateway.Submit(new OrderRequest { ClientOrderId = new ClientOrderId(1, 22), Side = Side.Buy, Type = OrderType.Market, Quantity = Quantity.FromDecimal(0.01m), ReferencePrice = Price.FromDecimal(60000m) });
            await Until(() => stream.Connects == 2 && f.Server.OpenUserStreams == 1);
            Assert.NotEqual(firstKey, f.Server.ListenKey);
            Assert.Contains(sink.Snapshot(), e => e.Kind == InputKind.AccountUpdate && e.Code == (ushort)AccountUpdateCode.ListenKeyExpired);
            Assert.Contains(sink.Snapshot(), e => e.Kind == InputKind.AccountUpdate && e.Code == (ushort)AccountUpdateCode.UserStreamDisconnected);
            Assert.Equal(2, sink.Snapshot().Count(e => e.Kind == InputKind.AccountUpdate && e.Code == (ushort)AccountUpdateCode.UserStreamConnected));

            // Events flow again on the new key.
            f.Gateway.Submit(new OrderRequest { ClientOrderId = new ClientOrderId(1, 23), Side = Side.Sell, Type = OrderType.Market, Quantity = Quantity.FromDecimal(0.01m), ReferencePrice = Price.FromDecimal(60000m) });
            Assert.NotNull(sink.WaitFor(e => e.Kind == InputKind.OrderUpdate && e.ClientOrderId.Sequence == 23 && e.Code == (ushort)OrderUpdateCode.Filled));
        }

        rest.Dispose();
    }
}
