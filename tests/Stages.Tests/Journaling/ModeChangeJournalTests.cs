using QuantumTrader.Engine.Journal;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Stages.Journaling.Export;
using QuantumTrader.Model;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;
using Xunit;

namespace QuantumTrader.Stages.Tests.Journaling;

/// <summary>Mode changes are gating decisions in the slot, journaled as mode records, exported as policy.updated.</summary>
public sealed class ModeChangeJournalTests
{
    [Fact]
    public void Gate_ControlPauseAndHaltRequest_ReportsBothChangesInTheSlotWithTypedCauses()
    {
        var state = new TradingState(1);
        var gate = new GatingStage(state, new QuantumTrader.Testing.Account.FakeOrderLedger(1), new GateOptions());
        state.RequestHalt("stage journal faulted");
        var pause = new InputEvent { Kind = InputKind.Control, Code = (ushort)ControlCode.Resume, Aux0 = (long)ModeCause.Operator };
        gate.OnEvent(ref pause, 0, true);

        Assert.Equal(2, pause.ModeChanges);
        Assert.Equal(new ModeChange(false, 0, TradingMode.Active, TradingMode.Halted, ModeCause.StageFault), pause.ModeChange0);
        Assert.Equal(new ModeChange(false, 0, TradingMode.Halted, TradingMode.Active, ModeCause.Operator), pause.ModeChange1);

        var tick = new InputEvent { Kind = InputKind.Trade, Valid = true, Price = new Price(1), Quantity = new Quantity(1) };
        gate.OnEvent(ref tick, 1, true);
        Assert.Equal(0, tick.ModeChanges); // the halt request is applied once; the slot's section starts clean
        Assert.Equal(2, gate.ModeChanges);
    }

    [Fact]
    public void Gate_SetStateForOneSymbol_ReportsASymbolScopedChange()
    {
        var state = new TradingState(3);
        var gate = new GatingStage(state, new QuantumTrader.Testing.Account.FakeOrderLedger(3), new GateOptions { Symbols = 3 });
        var set = new InputEvent { Kind = InputKind.Control, Code = (ushort)ControlCode.SetState, SymbolId = 2, Aux0 = (long)ModeCause.Operator, Aux1 = (long)TradingMode.Halted, Aux2 = ControlLayout.SymbolScope };
        gate.OnEvent(ref set, 0, true);
        Assert.Equal(1, set.ModeChanges);
        Assert.Equal(new ModeChange(true, 2, TradingMode.Active, TradingMode.Halted, ModeCause.Operator), set.ModeChange0);
        Assert.Equal(TradingMode.Halted, state.EffectiveMode(2));
        Assert.Equal(TradingMode.Active, state.EffectiveMode(1));

        var bad = new InputEvent { Kind = InputKind.Control, Code = (ushort)ControlCode.SetState, Aux1 = 9 };
        gate.OnEvent(ref bad, 1, true);
        Assert.Equal(0, bad.ModeChanges);
        Assert.Equal(1, gate.InvalidControls);
    }

    [Fact]
    public void Journal_StartModeAndAChange_WrittenAsModeRecordsAndExportedAsPolicyUpdated()
    {
        using var dir = new JournalTestDirectory();
        var registry = new InstrumentRegistry();
        registry.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), 100 * FixedPoint.Scale);
        var slot = new InputEvent
        {
            Kind = InputKind.Control,
            ModeChanges = 1,
            ModeChange0 = new ModeChange(true, 0, TradingMode.Active, TradingMode.Reducing, ModeCause.NotReconciled),
        };
        long inputSequence;
        using (var writer = dir.OpenWriter())
        {
            var stage = new JournalStage(writer, 7, registry, TradingMode.Reducing);
            stage.OnStart();
            stage.OnEvent(ref slot, 0, true);
            inputSequence = slot.JournalSequence;
        }

        var modes = new List<(ModeChange Change, long Input)>();
        var lines = new List<string>();
        var formatter = new RecordFormatter();
        using (var reader = JournalReader.Open(dir.Directory))
        {
            var sink = new TextFieldSink();
            while (reader.TryRead(out var r) == JournalReadResult.Record)
            {
                if (r.Type == JournalRecordType.ModeChange)
                {
                    Assert.True(ModeChangeRecord.TryRead(r.Payload, r.Version, out var c, out var input));
                    modes.Add((c, input));
                    sink.Reset();
                    Assert.Equal(RecordFormatResult.Ok, formatter.Format(r, sink));
                    lines.Add(sink.ToString());
                }
                else
                {
                    formatter.Observe(r);
                }
            }
        }

        Assert.Equal(2, modes.Count);
        Assert.Equal((new ModeChange(false, 0, TradingMode.Reducing, TradingMode.Reducing, ModeCause.Start), ModeChangeRecord.BeforeAnyInput), modes[0]);
        Assert.Equal((slot.ModeChange0, inputSequence), modes[1]);
        Assert.Equal("mode", JournalRecordType.Name(JournalRecordType.ModeChange));
        Assert.Contains("type=mode", lines[0], StringComparison.Ordinal);
        Assert.Contains("stream=policy.updated scope=global from=REDUCING to=REDUCING cause=start", lines[0], StringComparison.Ordinal);
        Assert.Contains("stream=policy.updated scope=symbol symbol=BTCUSDT from=ACTIVE to=REDUCING cause=not_reconciled", lines[1], StringComparison.Ordinal);
    }
}
