using System.IO.MemoryMappedFiles;

namespace QuantumTrader.Engine.Journal;

/// <summary>
/// A whole file mapped into memory (shared mapping), read-write for the writer or read-only for readers,
/// exposed as a <see cref="MappedBuffer"/>.
/// </summary>
/// <remarks>Not thread-safe to dispose while another thread uses <see cref="Buffer"/>.</remarks>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private bool _disposed;

    private MappedFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, long length)
    {
        Path = path;
        _map = map;
        _view = view;
        Length = length;
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        Buffer = new MappedBuffer(p + view.PointerOffset, length);
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The mapping.</summary>
    public MappedBuffer Buffer { get; }

    /// <summary>Mapped length in bytes.</summary>
    public long Length { get; }

    /// <summary>Creates (or re-creates) a file of <paramref name="length"/> zero bytes and maps it read-write.</summary>
    public static MappedFile Create(string path, long length)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        try
        {
            stream.SetLength(length);
            return Map(path, stream, length, MemoryMappedFileAccess.ReadWrite);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Maps an existing file read-write.</summary>
    public static MappedFile OpenWrite(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        return Map(path, stream, stream.Length, MemoryMappedFileAccess.ReadWrite);
    }

    /// <summary>Maps an existing file read-only; null when it does not exist or is empty.</summary>
    public static MappedFile? TryOpenRead(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        if (stream.Length < JournalFormat.DataOffset)
        {
            stream.Dispose();
            return null;
        }

        return Map(path, stream, stream.Length, MemoryMappedFileAccess.Read);
    }

    private static MappedFile Map(string path, FileStream stream, long length, MemoryMappedFileAccess access)
    {
        MemoryMappedFile? map = null;
        try
        {
            map = MemoryMappedFile.CreateFromFile(stream, null, 0, access, HandleInheritability.None, leaveOpen: false);
            var view = map.CreateViewAccessor(0, length, access);
            return new MappedFile(path, map, view, length);
        }
        catch
        {
            if (map is null)
            {
                stream.Dispose();
            }
            else
            {
                map.Dispose();
            }

            throw;
        }
    }

    /// <summary>Faults every page in for writing (MADV_POPULATE_WRITE, or touching each page).</summary>
    public void Prefault()
    {
        if (!Native.PopulateWrite(Buffer.Address(0, Length), Length))
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != 22)
            {
                // Not "unsupported" (EINVAL): out of space or memory. Touching the pages would die of SIGBUS.
                throw new IOException($"cannot pre-fault journal segment {Path}: errno {errno}");
            }

            for (long offset = 0; offset < Length; offset += 4096)
            {
                Buffer.Write<byte>(offset, 0);
            }
        }
    }

    /// <summary>Writes dirty pages of a range to disk and waits (msync).</summary>
    public bool Flush(long offset, long length) => Native.Sync(Buffer.Address(offset, length), length);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
