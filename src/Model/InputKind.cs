namespace QuantumTrader.Model;

/// <summary>What an <see cref="InputEvent"/> slot carries. Stable numeric values: they are journaled.</summary>
public enum InputKind : byte
{
    /// <summary>Empty slot.</summary>
    None = 0,

    /// <summary>An individual trade (Binance <c>trade</c>).</summary>
    Trade = 1,

    /// <summary>An aggregate trade (Binance <c>aggTrade</c>).</summary>
    AggTrade = 2,

    /// <summary>Best bid and offer (Binance <c>bookTicker</c>).</summary>
    BookTicker = 3,

    /// <summary>The local order book changed (after a diff was applied); top of book in the slot.</summary>
    BookUpdate = 4,

    /// <summary>A kline/candle (Binance <c>kline</c>).</summary>
    Kline = 5,

    /// <summary>Mark price and funding (Binance <c>markPrice</c>).</summary>
    MarkPrice = 6,

    /// <summary>Feed or book state change (in sync, resyncing, stale, reconnect).</summary>
    FeedState = 7,

    /// <summary>An order update or exchange response (ack, fill, reject, unknown outcome).</summary>
    OrderUpdate = 8,

    /// <summary>An account or position update.</summary>
    AccountUpdate = 9,

    /// <summary>A control command (pause, resume, kill, flatten, set-state, swap-model).</summary>
    Control = 10,

    /// <summary>A timer tick.</summary>
    Timer = 11,
}
