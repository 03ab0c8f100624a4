using Mono.Unix.Native;

namespace Assistant.Core.Ingestion;

public enum FileKind
{
    Missing,
    Regular,
    Folder,
    Link,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    Other,
}

/// <summary>
/// A file's kind and identity (device and inode), read with POSIX <c>stat</c>/<c>lstat</c> through Mono.Unix:
/// .NET's FileInfo reports a FIFO or /dev/zero as an ordinary empty file, and a symbolic link's own size
/// instead of its target's. On Windows, where neither FIFOs nor device files exist, .NET's view is enough.
/// </summary>
public readonly record struct FileStatus(FileKind Kind, ulong Device, ulong Inode, long Size)
{
    public static readonly FileStatus Missing = new(FileKind.Missing, 0, 0, 0);

    public bool Exists => Kind != FileKind.Missing;

    public (ulong, ulong) Identity => (Device, Inode);

    /// <summary>The entry itself: a symbolic link is reported as <see cref="FileKind.Link"/>.</summary>
    public static FileStatus OfEntry(string path) => Read(path, followLinks: false);

    /// <summary>What the path leads to, following symbolic links (<see cref="FileKind.Missing"/> for a broken one).</summary>
    public static FileStatus OfTarget(string path) => Read(path, followLinks: true);

    /// <summary>
    /// The path with every symbolic link in it resolved (like POSIX <c>realpath</c>), or null when it cannot be
    /// resolved: missing, or more than 40 links deep (Linux's own limit, which also ends loops). Written here because
    /// Mono.Unix's <c>GetCompleteRealPath</c> looped forever on an ordinary absolute path in our CLI.
    /// </summary>
    public static string? RealPath(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        var pending = new Stack<string>(Path.GetFullPath(path).Split('/').Reverse());
        var resolved = "/";
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part is "" or ".") continue;
            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? "/";
                continue;
            }

            var next = Path.Join(resolved, part);
            var status = OfEntry(next);
            if (!status.Exists) return null;
            if (status.Kind != FileKind.Link)
            {
                resolved = next;
                continue;
            }

            if (++links > 40 || LinkText(next) is not { Length: > 0 } target) return null;
            if (target.StartsWith('/')) resolved = "/";
            foreach (var piece in target.Split('/').Reverse()) pending.Push(piece);
        }

        return resolved;
    }

    /// <summary>Where a symbolic link points, as written in the link.</summary>
    public static string? LinkText(string path) => new FileInfo(path).LinkTarget;

    public string Describe() => Kind switch
    {
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Folder => "a folder",
        FileKind.Link => "a symbolic link",
        FileKind.Missing => "missing",
        _ => "a special file",
    };

    private static FileStatus Read(string path, bool followLinks)
    {
        if (OperatingSystem.IsWindows()) return ReadWindows(path, followLinks);
        var result = followLinks ? Syscall.stat(path, out var stat) : Syscall.lstat(path, out stat);
        if (result != 0) return Missing;
        var kind = (stat.st_mode & FilePermissions.S_IFMT) switch
        {
            FilePermissions.S_IFREG => FileKind.Regular,
            FilePermissions.S_IFDIR => FileKind.Folder,
            FilePermissions.S_IFLNK => FileKind.Link,
            FilePermissions.S_IFIFO => FileKind.Fifo,
            FilePermissions.S_IFSOCK => FileKind.Socket,
            FilePermissions.S_IFCHR => FileKind.CharacterDevice,
            FilePermissions.S_IFBLK => FileKind.BlockDevice,
            _ => FileKind.Other,
        };
        return new FileStatus(kind, stat.st_dev, stat.st_ino, stat.st_size);
    }

    private static FileStatus ReadWindows(string path, bool followLinks)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists) return Missing;
        if (info.LinkTarget is not null)
        {
            if (!followLinks) return new FileStatus(FileKind.Link, 0, Id(info.FullName), 0);
            info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            if (!info.Exists) return Missing;
        }

        // No inode here: the resolved full path stands in for the identity.
        return info is DirectoryInfo
            ? new FileStatus(FileKind.Folder, 0, Id(info.FullName), 0)
            : new FileStatus(FileKind.Regular, 0, Id(info.FullName), ((FileInfo)info).Length);
    }

    private static ulong Id(string fullPath) =>
        BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fullPath.ToUpperInvariant())));
}
