using QuantumTrader.Engine.Journal;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Stages.Journaling.Export;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using Xunit;

namespace QuantumTrader.Stages.Tests.Journaling;

public sealed class JournalStageTests
{
    private static List<(ushort Type, long Seq, byte[] Payload, long Ts)> ReadAll(string directory)
    {
        var list = new List<(ushort, long, byte[], long)>();
        using var reader = JournalReader.Open(directory);
        while (reader.TryRead(out var r) == JournalReadResult.Record)
        {
            list.Add((r.Type, r.Sequence, r.Payload.ToArray(), r.TimestampNs));
        }

        return list;
    }

    [Fact]
    public void OnEvent_TwoSlots_RecordsOfOneSlotShareOneClockReading()
    {
        using var dir = new JournalTestDirectory();
        var slot = RecordCodecTests.SampleSlot(3);
        using (var writer = dir.OpenWriter())
        {
            var stage = new JournalStage(writer, 7);
            stage.OnEvent(ref slot, 0, true);
            dir.Clock.Advance(250);
            stage.OnEvent(ref slot, 1, true);
        }

        var records = ReadAll(dir.Directory);
        Assert.Equal(12, records.Count);
        Assert.All(records.GetRange(0, 6), r => Assert.Equal(5_000, r.Ts));
        Assert.All(records.GetRange(6, 6), r => Assert.Equal(5_250, r.Ts));
    }

    [Fact]
    public void OnEvent_ApprovedOrder_WritesInputAndEveryDecisionInPipelineOrder()
    {
        using var dir = new JournalTestDirectory();
        var slot = RecordCodecTests.SampleSlot(3);
        using (var writer = dir.OpenWriter())
        {
            var stage = new JournalStage(writer, 7);
            stage.OnEvent(ref slot, 0, true);
            Assert.Equal(1, stage.OrderRequests);
        }

        var records = ReadAll(dir.Directory);
        Assert.Equal(
            new[] { JournalRecordType.Input, JournalRecordType.Signal, JournalRecordType.Intent, JournalRecordType.Sizing, JournalRecordType.GateVerdict, JournalRecordType.OrderRequest },
            records.ConvertAll(r => r.Type).ToArray());
        Assert.Equal(records[0].Seq, slot.JournalSequence);
        Assert.True(OrderRequestRecord.TryRead(records[5].Payload, OrderRequestRecord.Version, out var order, out var inputSeq));
        Assert.Equal(slot.JournalSequence, inputSeq);
        Assert.Equal(new ClientOrderId(7, slot.DecisionId), order.ClientOrderId);
        Assert.Equal(Side.Buy, order.Side);
        Assert.Equal(slot.OrderQuantity, order.Quantity);
    }

    [Fact]
    public void OnEvent_BlockedOrder_WritesVerdictButNoOrderRequest()
    {
        using var dir = new JournalTestDirectory();
        var slot = RecordCodecTests.SampleSlot(3);
        slot.Approved = false;
        slot.GateReason = 4;
        using (var writer = dir.OpenWriter())
        {
            new JournalStage(writer, 7).OnEvent(ref slot, 0, true);
        }

        var records = ReadAll(dir.Directory);
        Assert.Equal(JournalRecordType.GateVerdict, records[^1].Type);
        Assert.True(GateVerdictRecord.TryRead(records[^1].Payload, GateVerdictRecord.Version, out var verdict));
        Assert.False(verdict.Approved);
        Assert.Equal(4, verdict.Reason);
    }

    [Fact]
    public void OnEvent_MarketDataWithoutDecision_WritesOnlyInput()
    {
        using var dir = new JournalTestDirectory();
        var slot = RecordCodecTests.SampleSlot(3);
        slot.Inferred = false;
        slot.SignalSide = Side.None;
        slot.OrderQuantity = default;
        slot.Purpose = QuantumTrader.Model.Orders.OrderPurpose.None;
        slot.Approved = false;
        slot.Valid = false;
        slot.RejectReason = 2;
        using (var writer = dir.OpenWriter())
        {
            new JournalStage(writer, 7).OnEvent(ref slot, 0, true);
        }

        var records = ReadAll(dir.Directory);
        Assert.Single(records);
        var back = default(InputEvent);
        Assert.True(InputRecord.TryRead(records[0].Payload, InputRecord.Version, ref back));
        Assert.False(back.Valid);
        Assert.Equal(2, back.RejectReason);
    }

    [Fact]
    public void OnEvent_AfterWarmup_AllocatesNothing()
    {
        using var dir = new JournalTestDirectory();
        using var writer = dir.OpenWriter();
        var stage = new JournalStage(writer, 7);
        var slot = RecordCodecTests.SampleSlot(3);
        for (var i = 0; i < 1_000; i++)
        {
            stage.OnEvent(ref slot, i, true);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20_000; i++)
        {
            slot.Approved = (i & 1) == 0;
            stage.OnEvent(ref slot, i, (i & 7) == 0);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"allocated {allocated} bytes; rolls {writer.Rolls}, synchronous {writer.SynchronousRolls}, stalls {writer.PreparerStalls}");
    }

    [Fact]
    public void Formatter_JournalWithInstruments_UsesSymbolNamesAndLegacyFields()
    {
        using var dir = new JournalTestDirectory();
        var registry = new InstrumentRegistry();
        registry.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), 100 * FixedPoint.Scale);
        var slot = RecordCodecTests.SampleSlot(3); // symbol 0
        using (var writer = dir.OpenWriter())
        {
            var stage = new JournalStage(writer, 7, registry);
            stage.OnStart();
            stage.OnEvent(ref slot, 0, true);
        }

        var formatter = new RecordFormatter();
        var lines = new List<string>();
        using (var reader = JournalReader.Open(dir.Directory))
        {
            var sink = new TextFieldSink();
            while (reader.TryRead(out var r) == JournalReadResult.Record)
            {
                sink.Reset();
                Assert.Equal(RecordFormatResult.Ok, formatter.Format(r, sink));
                lines.Add(sink.ToString());
            }
        }

        Assert.Contains("stream=instrument", lines[0], StringComparison.Ordinal);
        Assert.Contains("stream=market.tick symbol=BTCUSDT", lines[1], StringComparison.Ordinal);
        Assert.Contains("price=65000.12000003", lines[1], StringComparison.Ordinal);
        Assert.Contains("is_buyer_maker=true", lines[1], StringComparison.Ordinal);
        Assert.Contains("stream=ai.signal_generated symbol=BTCUSDT action=buy", lines[2], StringComparison.Ordinal);
        Assert.Contains("model_votes.BUY=0.7", lines[2], StringComparison.Ordinal);
        Assert.Contains("stream=trade.intent symbol=BTCUSDT side=BUY", lines[3], StringComparison.Ordinal);
        Assert.Contains("stream=sizing.decided", lines[4], StringComparison.Ordinal);
        Assert.Contains("stream=governor.events symbol=BTCUSDT decision=ALLOW", lines[5], StringComparison.Ordinal);
        Assert.Contains($"stream=apply.plan plan_id=qt7-{slot.DecisionId} decision=EXECUTE symbol=BTCUSDT side=BUY type=MARKET qty=0.003", lines[6], StringComparison.Ordinal);
        Assert.Contains("reference_price=65000.05000003", lines[6], StringComparison.Ordinal);
    }

    [Fact]
    public void Formatter_UnknownTypeAndNewerVersion_AreSkippedAndCounted()
    {
        using var dir = new JournalTestDirectory();
        using (var writer = dir.OpenWriter())
        {
            writer.Append(999, 1, new byte[16]);
            writer.Append(JournalRecordType.Signal, SignalRecord.Version + 1, new byte[64]);
            writer.Append(JournalRecordType.Intent, IntentRecord.Version, new byte[3]);
            var slot = RecordCodecTests.SampleSlot(1);
            InputRecord.Write(writer.BeginRecord(InputRecord.Size), in slot);
            writer.Commit(JournalRecordType.Input, InputRecord.Version);
        }

        var formatter = new RecordFormatter();
        var results = new List<RecordFormatResult>();
        using (var reader = JournalReader.Open(dir.Directory))
        {
            var sink = new CsvFieldSink();
            while (reader.TryRead(out var r) == JournalReadResult.Record)
            {
                sink.Reset();
                results.Add(formatter.Format(r, sink));
            }
        }

        Assert.Equal(new[] { RecordFormatResult.UnknownType, RecordFormatResult.NewerVersion, RecordFormatResult.Malformed, RecordFormatResult.Ok }, results.ToArray());
        Assert.Equal(1, formatter.UnknownTypes);
        Assert.Equal(1, formatter.NewerVersions);
        Assert.Equal(1, formatter.Malformed);
    }
}
