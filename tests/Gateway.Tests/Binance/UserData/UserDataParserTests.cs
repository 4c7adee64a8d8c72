using System.Text;
using QuantumTrader.Gateway.Binance.UserData;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Gateway.Tests.Binance.UserData;

/// <summary>Real user-data frames quoted in binance-protocol.md §5 (live capture of a SOLUSDT order; docs examples).</summary>
public sealed class UserDataParserTests
{
    private const string RealOrderUpdate = """{"e":"ORDER_TRADE_UPDATE","T":1771856732584,"E":1771856732584,"o":{"s":"SOLUSDT","c":"SOLUSDT_BOTH_1771856732181_1","S":"BUY","o":"MARKET","f":"GTC","q":"0.1","p":"0","ap":"0","sp":"0","x":"NEW","X":"NEW","i":199033476993,"l":"0","z":"0","L":"0","n":"0","N":"USDT","T":1771856732584,"t":0,"b":"0","a":"0","m":false,"R":false,"wt":"CONTRACT_PRICE","ot":"MARKET","ps":"BOTH","cp":false,"rp":"0","pP":false,"si":0,"ss":0,"V":"EXPIRE_MAKER","pm":"NONE","gtd":0,"er":"0"}}""";
    private const string RealAccountUpdate = """{"e":"ACCOUNT_UPDATE","T":1771856732584,"E":1771856732584,"a":{"B":[{"a":"USDT","wb":"1.73744723","cw":"1.73744723","bc":"0"}],"P":[{"s":"SOLUSDT","pa":"0.1","ep":"80.19","cr":"26.83159999","up":"0","mt":"cross","iw":"0","ps":"BOTH","ma":"USDT","bep":"80.230095"}],"m":"ORDER"}}""";
    private const string DocsAlgoUpdate = """{"e":"ALGO_UPDATE","T":1750515742297,"E":1750515742303,"o":{"caid":"qt3-77","aid":2148719,"at":"CONDITIONAL","o":"TAKE_PROFIT","s":"SOLUSDT","S":"SELL","ps":"BOTH","f":"GTC","q":"0.01","X":"CANCELED","ai":"","ap":"0.00000","aq":"0.00000","act":"0","tp":"750","p":"750","V":"EXPIRE_MAKER","wt":"CONTRACT_PRICE","pm":"NONE","cp":false,"pP":false,"R":false,"tt":0,"gtd":0,"rm":"Reduce Only reject"}}""";
    private const string Fill = """{"e":"ORDER_TRADE_UPDATE","T":1,"E":1771856732590,"o":{"s":"SOLUSDT","c":"qt1-42","S":"SELL","o":"LIMIT","f":"GTX","q":"0.2","p":"80.19","ap":"80.19","sp":"0","x":"TRADE","X":"PARTIALLY_FILLED","i":199033476994,"l":"0.1","z":"0.1","L":"80.19","n":"0.00160380","N":"USDT","T":1,"t":5,"b":"0","a":"0","m":true,"R":false}}""";

    private readonly InstrumentRegistry _instruments = new();
    private readonly RecordingSink _sink = new();
    private readonly UserDataParser _parser;

    public UserDataParserTests()
    {
        _instruments.Add(Venue.BinanceUsdM, "SOLUSDT", Price.FromDecimal(0.01m), Quantity.FromDecimal(0.01m), Price.FromDecimal(5m).Raw);
        _parser = new UserDataParser(_instruments, _sink);
    }

    [Fact]
    public void OnMessage_RealOrderUpdateForeignId_AcceptedWithDefaultClientId()
    {
        Assert.True(_parser.OnMessage(Encoding.UTF8.GetBytes(RealOrderUpdate), 5));
        var e = Assert.Single(_sink.OfKind(InputKind.OrderUpdate));
        Assert.Equal((ushort)OrderUpdateCode.Accepted, e.Code);
        Assert.Equal(default, e.ClientOrderId);
        Assert.Equal(199033476993L, e.SourceSequence);
        Assert.Equal(1771856732584L * 1_000_000, e.ExchangeTimeNs);
        Assert.Equal((ushort)Side.Buy, (ushort)(e.Flags & 0xFF));
    }

    [Fact]
    public void OnMessage_PartialMakerFill_FillFieldsAndOurClientId()
    {
        Assert.True(_parser.OnMessage(Encoding.UTF8.GetBytes(Fill), 5));
        var e = Assert.Single(_sink.OfKind(InputKind.OrderUpdate));
        Assert.Equal((ushort)OrderUpdateCode.PartiallyFilled, e.Code);
        Assert.Equal(new ClientOrderId(1, 42), e.ClientOrderId);
        Assert.Equal(Price.FromDecimal(80.19m), e.Price);
        Assert.Equal(Quantity.FromDecimal(0.1m), e.Quantity);
        Assert.Equal(Quantity.FromDecimal(0.1m).Raw, e.Aux0);
        Assert.Equal(Price.FromDecimal(0.0016038m).Raw, e.Aux1);
        Assert.NotEqual(0, e.Flags & OrderUpdateLayout.MakerFlag);
    }

    [Fact]
    public void OnMessage_RealAccountUpdate_BalanceAndPosition()
    {
        Assert.True(_parser.OnMessage(Encoding.UTF8.GetBytes(RealAccountUpdate), 5));
        var events = _sink.OfKind(InputKind.AccountUpdate);
        Assert.Equal(2, events.Count);
        Assert.Equal((ushort)AccountUpdateCode.Balance, events[0].Code);
        Assert.Equal(Price.FromDecimal(1.73744723m).Raw, events[0].Aux0);
        Assert.Equal((ushort)AccountUpdateCode.Position, events[1].Code);
        Assert.Equal(Quantity.FromDecimal(0.1m).Raw, events[1].Aux0);
        Assert.Equal(Price.FromDecimal(80.19m), events[1].Price);
    }

    [Fact]
    public void OnMessage_AlgoUpdate_CanceledForClientAlgoId()
    {
        Assert.True(_parser.OnMessage(Encoding.UTF8.GetBytes(DocsAlgoUpdate), 5));
        var e = Assert.Single(_sink.OfKind(InputKind.OrderUpdate));
        Assert.Equal((ushort)OrderUpdateCode.Canceled, e.Code);
        Assert.Equal(new ClientOrderId(3, 77), e.ClientOrderId);
        Assert.Equal(2148719L, e.SourceSequence);
    }

    [Fact]
    public void OnMessage_ListenKeyExpired_CountedAndPublished()
    {
        Assert.True(_parser.OnMessage("""{"e":"listenKeyExpired","E":1736996475556,"listenKey":"WsCMN0a4KHUPTQuX6IUnqEZfB1inxmv1qR4kbf1LuEjur5VdbzqvyxqG9TSjVVxv"}"""u8, 5));
        Assert.Equal(1, _parser.ListenKeyExpirations);
        Assert.Equal((ushort)AccountUpdateCode.ListenKeyExpired, Assert.Single(_sink.OfKind(InputKind.AccountUpdate)).Code);
    }

    [Theory]
    [InlineData("""{"e":"ORDER_TRADE_UPDATE","E":1,"o":{"s":"DOGEUSDT","c":"qt1-1","X":"NEW"}}""")]
    [InlineData("""{"e":"ORDER_TRADE_UPDATE","E":1}""")]
    [InlineData("""{"e":"ORDER_TRADE_UP""")]
    [InlineData("""[]""")]
    public void OnMessage_Malformed_RejectedAndCounted(string frame)
    {
        Assert.False(_parser.OnMessage(Encoding.UTF8.GetBytes(frame), 5));
        Assert.Equal(1, _parser.Errors);
        Assert.Empty(_sink.Snapshot());
    }
}
