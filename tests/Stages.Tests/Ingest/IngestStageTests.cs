using QuantumTrader.Stages.Ingest;
using QuantumTrader.Model;
using Xunit;

namespace QuantumTrader.Stages.Tests.Ingest;

public sealed class IngestStageTests
{
    private static InputEvent Book(long bid, long ask, long time = 1_000, ushort symbol = 0) => new()
    {
        Kind = InputKind.BookTicker,
        SymbolId = symbol,
        ExchangeTimeNs = time,
        BidPrice = new Price(bid),
        AskPrice = new Price(ask),
        BidQuantity = new Quantity(1),
        AskQuantity = new Quantity(1),
    };

    private static InputEvent Trade(long price, long qty, long time = 1_000) => new()
    {
        Kind = InputKind.Trade,
        ExchangeTimeNs = time,
        Price = new Price(price),
        Quantity = new Quantity(qty),
    };

    public static TheoryData<string, InputEvent, RejectReason> BadTicks => new()
    {
        { "zero bid", Book(0, 100), RejectReason.NonPositivePrice },
        { "negative ask", Book(100, -1), RejectReason.NonPositivePrice },
        { "crossed", Book(101, 100), RejectReason.CrossedBook },
        { "locked", Book(100, 100), RejectReason.CrossedBook },
        { "zero trade price", Trade(0, 5), RejectReason.NonPositivePrice },
        { "negative trade size", Trade(100, -5), RejectReason.BadQuantity },
        { "zero trade size", Trade(100, 0), RejectReason.BadQuantity },
        { "unknown symbol", Book(100, 101, symbol: 9), RejectReason.UnknownSymbol },
    };

    [Theory]
    [MemberData(nameof(BadTicks))]
    public void OnEvent_BadTick_RejectedWithReasonAndCounted(string name, InputEvent tick, RejectReason expected)
    {
        Assert.NotNull(name);
        var stage = new IngestStage(symbols: 2);
        stage.OnEvent(ref tick, 0, true);
        Assert.False(tick.Valid);
        Assert.Equal((byte)expected, tick.RejectReason);
        Assert.Equal(1, stage.RejectsFor(expected));
        Assert.Equal(1, stage.Rejected);
        Assert.Equal(0, stage.Accepted);
    }

    [Fact]
    public void OnEvent_GoodBook_Valid()
    {
        var stage = new IngestStage(symbols: 1);
        var e = Book(100_00000000, 100_10000000);
        stage.OnEvent(ref e, 0, true);
        Assert.True(e.Valid);
        Assert.Equal(0, e.RejectReason);
        Assert.Equal(1, stage.Accepted);
    }

    [Fact]
    public void OnEvent_OlderExchangeTime_RejectedOutOfOrder()
    {
        var stage = new IngestStage(symbols: 1);
        var first = Book(100, 101, time: 2_000);
        var older = Book(100, 101, time: 1_999);
        stage.OnEvent(ref first, 0, false);
        stage.OnEvent(ref older, 1, true);
        Assert.True(first.Valid);
        Assert.False(older.Valid);
        Assert.Equal((byte)RejectReason.OutOfOrder, older.RejectReason);
    }

    [Fact]
    public void OnEvent_JumpBeyondBand_RejectedAndReferenceUnchanged()
    {
        var stage = new IngestStage(1, new IngestOptions { BadTickBandBasisPoints = 100 }); // 1 %
        var a = Trade(10_000, 1, 1);
        var jump = Trade(10_200, 1, 2); // +2 %
        var back = Trade(10_050, 1, 3); // +0.5 % from the last *accepted* price
        stage.OnEvent(ref a, 0, false);
        stage.OnEvent(ref jump, 1, false);
        stage.OnEvent(ref back, 2, true);
        Assert.True(a.Valid);
        Assert.Equal((byte)RejectReason.OutOfBand, jump.RejectReason);
        Assert.True(back.Valid);
    }

    // A real step move of 15 % (beyond the default 10 % band), then the market stays there.
    private static List<InputEvent> StepMove(IngestStage stage, int ticksAfter)
    {
        var before = Trade(100_00000000, 1, 1);
        stage.OnEvent(ref before, 0, false);
        var after = new List<InputEvent>();
        for (var i = 0; i < ticksAfter; i++)
        {
            var t = Trade(115_00000000 + (i * 1_000000), 1, 2 + i); // 115.00, 115.01, ... : consistent with each other
            stage.OnEvent(ref t, 1 + i, false);
            after.Add(t);
        }

        return after;
    }

    [Fact]
    public void OnEvent_StepMoveBeyondBand_AcceptedAgainAfterConsistentTicks()
    {
        var stage = new IngestStage(symbols: 1);
        var after = StepMove(stage, 20);
        Assert.Equal((byte)RejectReason.OutOfBand, after[0].RejectReason); // the first tick of a move is suspect
        Assert.True(after[^1].Valid, "a lasting move must not be rejected for good");
        Assert.True(stage.RejectsFor(RejectReason.OutOfBand) > 0);
    }

    [Fact]
    public void OnEvent_StepMoveThenResync_BookAfterResyncAccepted()
    {
        var stage = new IngestStage(symbols: 1);
        var before = Book(100_00000000, 100_01000000, time: 1);
        stage.OnEvent(ref before, 0, false);
        var jumped = Book(115_00000000, 115_01000000, time: 2);
        stage.OnEvent(ref jumped, 1, false);
        var inSync = new InputEvent { Kind = InputKind.FeedState, Code = (ushort)FeedStateCode.BookInSync, SymbolId = 0 };
        stage.OnEvent(ref inSync, 2, false);
        var top = Book(115_00000000, 115_01000000, time: 3);
        top.Kind = InputKind.BookUpdate;
        stage.OnEvent(ref top, 3, false);
        var trade = Trade(115_00000000, 1, 4);
        stage.OnEvent(ref trade, 4, true);
        Assert.Equal((byte)RejectReason.OutOfBand, jumped.RejectReason);
        Assert.True(top.Valid, "the book top after a resync is the new reference");
        Assert.True(trade.Valid);
    }

    [Fact]
    public void OnEvent_IsolatedSpike_StillRejected()
    {
        var stage = new IngestStage(symbols: 1);
        var a = Trade(100_00000000, 1, 1);
        var spike = Trade(115_00000000, 1, 2);
        var back = Trade(100_01000000, 1, 3);
        var spike2 = Trade(85_00000000, 1, 4);
        stage.OnEvent(ref a, 0, false);
        stage.OnEvent(ref spike, 1, false);
        stage.OnEvent(ref back, 2, false);
        stage.OnEvent(ref spike2, 3, true);
        Assert.Equal((byte)RejectReason.OutOfBand, spike.RejectReason);
        Assert.True(back.Valid);
        Assert.Equal((byte)RejectReason.OutOfBand, spike2.RejectReason);
        Assert.Equal(2, stage.RejectsFor(RejectReason.OutOfBand));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void OnEvent_StepMove_TheNthConsistentTickReanchorsTheBand(int n)
    {
        var stage = new IngestStage(1, new IngestOptions { ReanchorAfterTicks = n });
        var after = StepMove(stage, n + 3);
        for (var i = 0; i < n - 1; i++)
        {
            Assert.Equal((byte)RejectReason.OutOfBand, after[i].RejectReason);
        }

        Assert.All(after.GetRange(n - 1, 4), t => Assert.True(t.Valid));
        Assert.Equal(n - 1, stage.RejectsFor(RejectReason.OutOfBand)); // every rejection counted
        Assert.Equal(1, stage.ReanchoredAfterTicks);
    }

    [Fact]
    public void OnEvent_ReanchorOff_StepMoveRejectedUntilResync()
    {
        var stage = new IngestStage(1, new IngestOptions { ReanchorAfterTicks = 0 });
        var after = StepMove(stage, 50);
        Assert.Equal(50, after.Count);
        Assert.All(after, t => Assert.Equal((byte)RejectReason.OutOfBand, t.RejectReason));
        Assert.Equal(50, stage.RejectsFor(RejectReason.OutOfBand));
    }

    [Fact]
    public void OnEvent_OutOfBandTicksThatDisagree_NeverReanchor()
    {
        // Alternating +15 % and -15 % prints: out of band, but not within the band of each other.
        var stage = new IngestStage(1, new IngestOptions { ReanchorAfterTicks = 3 });
        var a = Trade(100_00000000, 1, 1);
        stage.OnEvent(ref a, 0, false);
        for (var i = 0; i < 20; i++)
        {
            var t = Trade(i % 2 == 0 ? 115_00000000 : 85_00000000, 1, 2 + i);
            stage.OnEvent(ref t, 1 + i, false);
            Assert.Equal((byte)RejectReason.OutOfBand, t.RejectReason);
        }

        Assert.Equal(0, stage.ReanchoredAfterTicks);
    }

    [Fact]
    public void OnEvent_AcceptedTickInsideARun_StartsTheCountAgain()
    {
        var stage = new IngestStage(1, new IngestOptions { ReanchorAfterTicks = 3 });
        var prices = new long[] { 100, 115, 115, 100, 115, 115, 115 };
        var valid = new bool[prices.Length];
        for (var i = 0; i < prices.Length; i++)
        {
            var t = Trade(prices[i] * 1_00000000, 1, 1 + i);
            stage.OnEvent(ref t, i, false);
            valid[i] = t.Valid;
        }

        Assert.Equal(new[] { true, false, false, true, false, false, true }, valid);
    }

    [Fact]
    public void OnEvent_ConfiguredBand_WiderBandAcceptsTheMove()
    {
        var stage = new IngestStage(1, new IngestOptions { BadTickBandBasisPoints = 2_000 });
        var after = StepMove(stage, 1);
        Assert.True(after[0].Valid);
    }

    [Fact]
    public void OnEvent_ResyncThenTradeBeforeTheBookTop_TradeStillChecked()
    {
        var stage = new IngestStage(1, new IngestOptions { ReanchorAfterTicks = 0 });
        var before = Trade(100_00000000, 1, 1);
        stage.OnEvent(ref before, 0, false);
        var inSync = new InputEvent { Kind = InputKind.FeedState, Code = (ushort)FeedStateCode.BookInSync };
        stage.OnEvent(ref inSync, 1, false);
        var spike = Trade(130_00000000, 1, 2);
        stage.OnEvent(ref spike, 2, false);
        var top = Book(115_00000000, 115_01000000, time: 3);
        stage.OnEvent(ref top, 3, true);
        Assert.Equal((byte)RejectReason.OutOfBand, spike.RejectReason);
        Assert.True(top.Valid);
        Assert.Equal(1, stage.ReanchoredAfterResync);
    }

    [Fact]
    public void OnEvent_ResyncOfAnotherSymbol_DoesNotReanchorThisOne()
    {
        var stage = new IngestStage(2, new IngestOptions { ReanchorAfterTicks = 0 });
        var before = Book(100_00000000, 100_01000000, time: 1);
        stage.OnEvent(ref before, 0, false);
        var inSync = new InputEvent { Kind = InputKind.FeedState, Code = (ushort)FeedStateCode.BookInSync, SymbolId = 1 };
        stage.OnEvent(ref inSync, 1, false);
        var top = Book(115_00000000, 115_01000000, time: 2);
        stage.OnEvent(ref top, 2, true);
        Assert.Equal((byte)RejectReason.OutOfBand, top.RejectReason);
    }

    [Fact]
    public void OnEvent_EverySlot_CarriesItsSymbolsReferencePrice()
    {
        var stage = new IngestStage(2);
        var book = Book(100_00000000, 100_02000000, time: 1);
        stage.OnEvent(ref book, 0, false);
        var trade = Trade(100_05000000, 1, 2);
        stage.OnEvent(ref trade, 1, false);
        var bad = Trade(150_00000000, 1, 3); // rejected: the reference stays
        stage.OnEvent(ref bad, 2, false);
        var other = Book(10_00000000, 10_02000000, time: 1, symbol: 1);
        stage.OnEvent(ref other, 3, false);
        var update = new InputEvent { Kind = InputKind.OrderUpdate, SymbolId = 0 };
        stage.OnEvent(ref update, 4, true);

        Assert.Equal(100_01000000, book.ReferencePrice.Raw); // "last": the mid
        Assert.Equal(100_05000000, trade.ReferencePrice.Raw); // then the trade
        Assert.Equal(100_05000000, bad.ReferencePrice.Raw);
        Assert.Equal(10_01000000, other.ReferencePrice.Raw); // its own symbol's
        Assert.Equal(100_05000000, update.ReferencePrice.Raw); // non-market slots carry it too
    }

    private static InputEvent Mark(long price, long time) => new() { Kind = InputKind.MarkPrice, ExchangeTimeNs = time, Price = new Price(price) };

    [Theory]
    [InlineData(ReferencePriceRule.Last, 100_05000000, 100_05000000, 100_03000000)]
    [InlineData(ReferencePriceRule.Mid, 100_01000000, 100_01000000, 100_03000000)]
    [InlineData(ReferencePriceRule.Mark, 100_05000000, 99_90000000, 99_90000000)]
    public void OnEvent_ReferencePriceRule_DecidesWhichEventsSetIt(ReferencePriceRule rule, long afterTrade, long afterMark, long afterLaterBook)
    {
        var stage = new IngestStage(1, new IngestOptions { ReferencePrice = rule });
        var book = Book(100_00000000, 100_02000000, time: 1);
        var trade = Trade(100_05000000, 1, 2);
        var mark = Mark(99_90000000, 3);
        var later = Book(100_02000000, 100_04000000, time: 4);
        var laterTrade = Trade(100_05000000, 1, 5);
        stage.OnEvent(ref book, 0, false);
        stage.OnEvent(ref trade, 1, false);
        stage.OnEvent(ref mark, 2, false);
        stage.OnEvent(ref later, 3, false);
        stage.OnEvent(ref laterTrade, 4, true);
        Assert.Equal(afterTrade, trade.ReferencePrice.Raw);
        Assert.Equal(afterMark, mark.ReferencePrice.Raw);
        Assert.Equal(afterLaterBook, later.ReferencePrice.Raw);
        Assert.Equal(rule == ReferencePriceRule.Mid ? 100_03000000 : rule == ReferencePriceRule.Mark ? 99_90000000 : 100_05000000, laterTrade.ReferencePrice.Raw);
    }

    [Fact]
    public void OnEvent_OutOfBandTick_JournaledAsRejectedWithItsReason()
    {
        var stage = new IngestStage(1);
        var a = Trade(100_00000000, 1, 1);
        var spike = Trade(115_00000000, 1, 2);
        using var dir = new Tests.Journaling.JournalTestDirectory();
        using (var writer = dir.OpenWriter())
        {
            var journal = new QuantumTrader.Stages.Journaling.JournalStage(writer, 1);
            stage.OnEvent(ref a, 0, false);
            journal.OnEvent(ref a, 0, false);
            stage.OnEvent(ref spike, 1, true);
            journal.OnEvent(ref spike, 1, true);
        }

        var inputs = new List<InputEvent>();
        using (var reader = QuantumTrader.Engine.Journal.JournalReader.Open(dir.Directory))
        {
            while (reader.TryRead(out var r) == QuantumTrader.Engine.Journal.JournalReadResult.Record)
            {
                var e = default(InputEvent);
                if (r.Type == QuantumTrader.Stages.Journaling.JournalRecordType.Input && QuantumTrader.Stages.Journaling.InputRecord.TryRead(r.Payload, r.Version, ref e))
                {
                    inputs.Add(e);
                }
            }
        }

        Assert.Equal(2, inputs.Count); // nothing lost
        Assert.True(inputs[0].Valid);
        Assert.False(inputs[1].Valid);
        Assert.Equal((byte)RejectReason.OutOfBand, inputs[1].RejectReason);
        Assert.Equal(115_00000000, inputs[1].Price.Raw);
    }

    [Fact]
    public void Options_ReanchorAfterOneTick_Refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new IngestStage(1, new IngestOptions { ReanchorAfterTicks = 1 }));

    [Fact]
    public void OnEvent_ControlEvent_PassesThroughWithoutCountingAsReject()
    {
        var stage = new IngestStage(symbols: 1);
        var e = new InputEvent { Kind = InputKind.Control };
        stage.OnEvent(ref e, 0, true);
        Assert.True(e.Valid);
        Assert.Equal(0, stage.Rejected);
    }
}
