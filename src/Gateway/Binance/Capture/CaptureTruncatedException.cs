using System.Globalization;

namespace QuantumTrader.Gateway.Binance.Capture;

/// <summary>A gzip capture ends before its compressed stream does (the file was cut short: an interrupted copy,
/// download or recording). Everything read before the cut was valid; what followed it is missing. An
/// <see cref="IOException"/>, so code that treats unreadable files as such still fails closed on it.</summary>
public sealed class CaptureTruncatedException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>, cut after <paramref name="bytesRead"/> uncompressed bytes.</summary>
    public CaptureTruncatedException(string path, long bytesRead)
        : base(string.Create(CultureInfo.InvariantCulture, $"{path}: truncated gzip capture: the compressed data ends after {bytesRead:N0} uncompressed bytes without the end of the gzip stream (size trailer missing or wrong); the rest of the recording is missing, copy or download it again"))
    {
        Path = path;
        BytesRead = bytesRead;
    }

    /// <summary>The capture file.</summary>
    public string Path { get; }

    /// <summary>Uncompressed bytes read before the data ended.</summary>
    public long BytesRead { get; }
}
