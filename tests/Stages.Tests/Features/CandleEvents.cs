using QuantumTrader.Model;
using QuantumTrader.Testing.Features;

namespace QuantumTrader.Stages.Tests.Features;

/// <summary>
/// Turns a <see cref="CandleSeries"/> into the trades, book tops and mark prices that produce exactly those
/// candles (one minute each): trades at open (+1 s), high (+2 s), low (+3 s) and close (+50 s), each a quarter
/// of the volume, the first and third aggressive buys; a bookTicker at +30 s; a markPrice at +40 s.
/// </summary>
internal static class CandleEvents
{
    public const long Minute = 60_000_000_000L;
    public const long Second = 1_000_000_000L;
    public const long Start = 28_333_333L * Minute;

    public static double BidQty(int i) => 1 + (i % 7);

    public static double AskQty(int i) => 2 + (i % 5);

    public static double Funding(int i) => ((i % 11) - 5) * 1e-5;

    public static double Bid(CandleSeries s, int i) => s.Close[i] - 0.01;

    public static double Ask(CandleSeries s, int i) => s.Close[i] + 0.01;

    public static List<InputEvent> Build(CandleSeries s, ushort symbolId = 0, bool book = true, bool funding = true)
    {
        var events = new List<InputEvent>();
        for (var i = 0; i < s.Count; i++)
        {
            var t = Start + (i * Minute);
            var q = s.Volume[i] / 4;
            events.Add(Trade(symbolId, t + Second, s.Open[i], q, buyerIsMaker: false));
            events.Add(Trade(symbolId, t + (2 * Second), s.High[i], q, buyerIsMaker: true));
            events.Add(Trade(symbolId, t + (3 * Second), s.Low[i], q, buyerIsMaker: false));
            if (book)
            {
                events.Add(new InputEvent
                {
                    Kind = InputKind.BookTicker,
                    SymbolId = symbolId,
                    ExchangeTimeNs = t + (30 * Second),
                    BidPrice = Price.FromDecimal((decimal)Bid(s, i)),
                    AskPrice = Price.FromDecimal((decimal)Ask(s, i)),
                    BidQuantity = Quantity.FromDecimal((decimal)BidQty(i)),
                    AskQuantity = Quantity.FromDecimal((decimal)AskQty(i)),
                    Valid = true,
                });
            }

            if (funding)
            {
                events.Add(new InputEvent
                {
                    Kind = InputKind.MarkPrice,
                    SymbolId = symbolId,
                    ExchangeTimeNs = t + (40 * Second),
                    Price = Price.FromDecimal((decimal)s.Close[i]),
                    Aux0 = (long)Math.Round(Funding(i) * 1e8),
                    Valid = true,
                });
            }

            events.Add(Trade(symbolId, t + (50 * Second), s.Close[i], q, buyerIsMaker: true));
        }

        return events;
    }

    public static InputEvent Trade(ushort symbolId, long timeNs, double price, double qty, bool buyerIsMaker) => new()
    {
        Kind = InputKind.Trade,
        SymbolId = symbolId,
        ExchangeTimeNs = timeNs,
        Price = Price.FromDecimal((decimal)price),
        Quantity = Quantity.FromDecimal((decimal)qty),
        Flags = buyerIsMaker ? (ushort)1 : (ushort)0,
        Valid = true,
    };
}
