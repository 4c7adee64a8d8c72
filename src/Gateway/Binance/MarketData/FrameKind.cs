namespace QuantumTrader.Gateway.Binance.MarketData;

/// <summary>What <see cref="BinanceMarketParser.Parse"/> found in a frame.</summary>
public enum FrameKind : byte
{
    /// <summary>Nothing usable: see the <see cref="FrameError"/>.</summary>
    Invalid = 0,

    /// <summary>A <c>trade</c> event, in the event slot.</summary>
    Trade = 1,

    /// <summary>An <c>aggTrade</c> event, in the event slot.</summary>
    AggTrade = 2,

    /// <summary>A <c>bookTicker</c> event, in the event slot.</summary>
    BookTicker = 3,

    /// <summary>A <c>kline</c> event, in the event slot.</summary>
    Kline = 4,

    /// <summary>A <c>markPriceUpdate</c> event, in the event slot.</summary>
    MarkPrice = 5,

    /// <summary>A <c>depthUpdate</c>: header in <see cref="BinanceMarketParser.Depth"/>, levels in its level spans.</summary>
    DepthUpdate = 6,

    /// <summary>A REST depth snapshot body: header in <see cref="BinanceMarketParser.Depth"/>, levels in its level spans.</summary>
    DepthSnapshot = 7,

    /// <summary>A reply to a SUBSCRIBE family request: <c>{"result":…,"id":n}</c>.</summary>
    ControlResponse = 8,

    /// <summary>A well-formed event of a type this parser does not handle (counted, not an error).</summary>
    Ignored = 9,
}
