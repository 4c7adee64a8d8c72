namespace QuantumTrader.Gateway.Binance.Common;

/// <summary>
/// API key and secret, from the environment or from an owner-only file; never logged (<see cref="ToString"/>
/// hides both) and never journaled.
/// </summary>
public sealed class ApiCredentials
{
    /// <summary>Environment variable holding the API key.</summary>
    public const string KeyVariable = "QT_BINANCE_API_KEY";

    /// <summary>Environment variable holding the API secret.</summary>
    public const string SecretVariable = "QT_BINANCE_API_SECRET";

    /// <summary>Creates credentials.</summary>
    public ApiCredentials(string apiKey, string secretKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(secretKey);
        ApiKey = apiKey;
        Signer = new HmacSha256Signer(secretKey);
    }

    /// <summary>The API key (sent in <c>X-MBX-APIKEY</c>).</summary>
    public string ApiKey { get; }

    /// <summary>The signer holding the secret.</summary>
    public HmacSha256Signer Signer { get; }

    /// <summary>Reads <see cref="KeyVariable"/> and <see cref="SecretVariable"/>; null when either is missing.</summary>
    public static ApiCredentials? FromEnvironment()
    {
        var key = Environment.GetEnvironmentVariable(KeyVariable);
        var secret = Environment.GetEnvironmentVariable(SecretVariable);
        return string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(secret) ? null : new ApiCredentials(key, secret);
    }

    /// <summary>
    /// Reads a file of two lines (key, secret). On Unix the file must be readable by its owner only
    /// (mode 0600 or 0400): a group- or world-readable secret is refused.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The file's permissions are too open.</exception>
    /// <exception cref="FormatException">The file does not hold two non-empty lines.</exception>
    public static ApiCredentials FromFile(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode open = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & open) != 0)
            {
                throw new UnauthorizedAccessException($"{path}: credentials file must be owner-only (chmod 600)");
            }
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || string.IsNullOrWhiteSpace(lines[0]) || string.IsNullOrWhiteSpace(lines[1]))
        {
            throw new FormatException($"{path}: expected the API key on line 1 and the secret on line 2");
        }

        return new ApiCredentials(lines[0].Trim(), lines[1].Trim());
    }

    /// <inheritdoc />
    public override string ToString() => "ApiCredentials(key and secret hidden)";
}
