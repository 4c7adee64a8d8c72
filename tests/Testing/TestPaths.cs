namespace QuantumTrader.Testing;

/// <summary>Locates files of the repository (test data) from a test's working directory.</summary>
public static class TestPaths
{
    /// <summary>The repository root: the first ancestor holding QuantumTrader.sln.</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QuantumTrader.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>A path under the repository's data directory.</summary>
    public static string Data(params string[] parts) => Path.Combine([RepoRoot, "data", .. parts]);
}
