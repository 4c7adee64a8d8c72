namespace QuantumTrader.Runtime.Configuration;

/// <summary>The names config.toml uses for the pipeline's stages and wait strategies, in pipeline order.</summary>
public static class PipelineStages
{
    /// <summary>Every stage of the pipeline, in the order events pass through them.</summary>
    public static IReadOnlyList<string> Ordered { get; } =
        ["ingest", "features", "inference", "signal", "sizing", "gating", "journal", "route"];

    /// <summary>The wait strategies a stage group may use.</summary>
    public static IReadOnlyList<string> WaitStrategies { get; } = ["busy-spin", "yielding", "sleeping", "blocking"];

    /// <summary>The position of <paramref name="stage"/> in <see cref="Ordered"/>, or -1 when it is not a stage.</summary>
    public static int IndexOf(string stage)
    {
        for (var i = 0; i < Ordered.Count; i++)
        {
            if (string.Equals(Ordered[i], stage, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The stage groups used when config.toml has no [[engine.groups]]: the 2-core development layout.</summary>
    public static List<StageGroupSection> DefaultGroups() =>
    [
        new() { Name = "ingest", Stages = ["ingest", "features"], Wait = "yielding" },
        new() { Name = "logic", Stages = ["inference", "signal", "sizing", "gating"], Wait = "yielding" },
        new() { Name = "io", Stages = ["journal", "route"], Wait = "yielding" },
    ];
}
