using System.CommandLine;
using System.Globalization;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Output;
using QuantumTrader.Runtime.Replay;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader replay DIR --verify`: re-runs a journaled run and compares every decision, byte for byte.</summary>
internal static class ReplayCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "The journal of one run" };
        var verify = new Option<bool>("--verify") { Description = "Replay every input record through a fresh pipeline and compare each decision with the journal; exit 0 only on zero divergences" };
        var config = new Option<string?>("--config") { Description = "The run's config (default: config.toml beside the executable)" };
        var json = new Option<bool>("--json") { Description = "Print {\"inputs\",\"decision_records\",\"divergences\",\"stage_faults\",\"first_divergences\":[…]}" };
        var command = new Command("replay", "Replays a journal through the pipeline: --verify proves the decisions are a pure function of the journaled inputs");
        command.Arguments.Add(dir);
        command.Options.Add(verify);
        command.Options.Add(config);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!parseResult.GetValue(verify))
            {
                error.WriteLine("replay: only --verify is implemented (--until SEQ --inspect is not yet)");
                return 2;
            }

            var path = parseResult.GetValue(dir)!;
            if (!Directory.Exists(path))
            {
                error.WriteLine($"replay: {path} is not a journal directory");
                return 2;
            }

            var configPath = parseResult.GetValue(config);
            var loaded = configPath is null ? ConfigLoader.LoadDefault() : ConfigLoader.Load(configPath);
            if (!loaded.IsValid)
            {
                foreach (var e in loaded.Errors)
                {
                    error.WriteLine($"{loaded.Source}:{e.Line}:{e.Column}: {e.Key}: {e.Message}");
                }

                return 2;
            }

            var result = ReplayVerifier.Verify(path, loaded.Config!);
            if (result.RefusedBecause is { } why)
            {
                error.WriteLine($"replay: {why}");
                return 2;
            }

            if (parseResult.GetValue(json))
            {
                JsonOut.Write(output, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("inputs", result.Inputs);
                    w.WriteNumber("decision_records", result.DecisionRecords);
                    w.WriteNumber("divergences", result.Divergences);
                    w.WriteNumber("stage_faults", result.StageFaults);
                    w.WriteStartArray("first_divergences");
                    foreach (var d in result.Details)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("input_seq", d.InputSequence);
                        w.WriteString("record", d.Record);
                        w.WriteString("detail", d.Detail);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            else
            {
                var inv = CultureInfo.InvariantCulture;
                output.WriteLine(string.Create(inv, $"replayed {result.Inputs:N0} inputs; compared them and {result.DecisionRecords:N0} decision records: {result.Divergences:N0} divergences, {result.StageFaults:N0} stage faults"));
                foreach (var d in result.Details)
                {
                    output.WriteLine(string.Create(inv, $"  input {d.InputSequence}: {d.Record}: {d.Detail}"));
                }
            }

            return result.Divergences == 0 && result.StageFaults == 0 ? 0 : 1;
        });
        return command;
    }
}
