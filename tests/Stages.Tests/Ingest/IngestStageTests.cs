using QuantumTrader.Stages.Ingest;
using QuantumTrader.Stages.Model;
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
        var stage = new IngestStage(symbols: 1, maxJumpBasisPoints: 100); // 1 %
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
