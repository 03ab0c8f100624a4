using Assistant.Core.Ingestion.Extraction;

namespace Assistant.Core.Ingestion;

/// <summary>What a walk over the given paths found: files to read, entries passed over (with why), and warnings.</summary>
public sealed record WalkResult(IReadOnlyList<string> Files, IReadOnlyList<IngestFileResult> PassedOver, IReadOnlyList<string> Warnings);

/// <summary>
/// Finds the files to ingest under the given paths. Only regular files are read: FIFOs, sockets and devices are
/// passed over with a reason (reading one blocks forever or never ends). Each folder is entered once, identified by
/// device and inode, so symbolic-link loops end. Symbolic links are followed while their target stays inside the
/// folder that was given; a link that leads outside it is passed over unless
/// <see cref="IngestionOptions.FollowLinksOutsideRoot"/> is set, so pointing the assistant at a folder cannot pull in
/// the rest of the disk. Names starting with '.' are hidden below the given folder, never above it.
/// </summary>
public sealed class FileWalker(ExtractorRegistry extractors, IngestionOptions options)
{
    public WalkResult Walk(IReadOnlyList<string> paths)
    {
        var walk = new WalkState();
        foreach (var raw in paths)
        {
            var full = Path.GetFullPath(raw);
            var target = FileStatus.OfTarget(full);
            if (!target.Exists)
            {
                var reason = FileStatus.OfEntry(full).Kind == FileKind.Link ? $"broken symbolic link (to {FileStatus.LinkText(full)})" : "no such file or folder";
                walk.PassedOver.Add(new IngestFileResult(full, IngestOutcome.Failed, reason));
            }
            else if (target.Kind == FileKind.Folder)
            {
                var (files, passedOver) = (walk.Files.Count, walk.PassedOver.Count);
                WalkFolder(full, target, walk);
                if (walk.Files.Count == files) walk.Warnings.Add(NothingFound(full, walk.PassedOver.Count - passedOver));
            }
            else if (target.Kind != FileKind.Regular)
            {
                walk.PassedOver.Add(new IngestFileResult(full, IngestOutcome.Failed, NotRegular(target)));
            }
            else if (walk.Paths.Add(full))
            {
                // Named explicitly: an unsupported type fails (in the pipeline) rather than being skipped.
                walk.Take(full, target.Identity, viaLink: false);
            }
        }

        walk.Files.Sort(StringComparer.Ordinal);
        walk.PassedOver.Sort((a, b) => StringComparer.Ordinal.Compare(a.Path, b.Path));
        return new WalkResult(walk.Files, walk.PassedOver, walk.Warnings);
    }

    private void WalkFolder(string root, FileStatus rootStatus, WalkState walk)
    {
        var realRoot = FileStatus.RealPath(root) ?? root;
        var entered = new HashSet<(ulong, ulong)> { rootStatus.Identity };
        // An explicit stack, not recursion: a folder tree of any depth cannot overflow it.
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            string[] entries;
            try
            {
                entries = Directory.GetFileSystemEntries(folder);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                var reason = ex is UnauthorizedAccessException ? "permission denied: the folder cannot be read" : $"cannot read the folder: {ex.Message}";
                walk.PassedOver.Add(new IngestFileResult(folder, IngestOutcome.Skipped, reason));
                continue;
            }

            Array.Sort(entries, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (Path.GetFileName(entry).StartsWith('.')) continue;
                var (status, skip, viaLink) = Classify(entry, realRoot);
                if (skip is not null)
                {
                    walk.PassedOver.Add(new IngestFileResult(entry, IngestOutcome.Skipped, skip));
                }
                else if (status.Kind == FileKind.Folder)
                {
                    if (entered.Add(status.Identity)) pending.Push(entry);
                    else walk.PassedOver.Add(new IngestFileResult(entry, IngestOutcome.Skipped, $"symbolic link to a folder already walked ({FileStatus.LinkText(entry)}): not followed again"));
                }
                else if (extractors.Find(entry) is null)
                {
                    // In a folder, other file types (images, archives) are expected: skipped, not failed.
                    walk.PassedOver.Add(new IngestFileResult(entry, IngestOutcome.Skipped, $"unsupported file type '{Path.GetExtension(entry)}'"));
                }
                else if (!walk.Paths.Add(entry))
                {
                    // The same path reached twice (a file and its folder both given): one result is enough.
                }
                else
                {
                    walk.Take(entry, status.Identity, viaLink);
                }
            }
        }
    }

    /// <summary>The (link-followed) status of an entry, or why it is passed over.</summary>
    private (FileStatus Status, string? Skip, bool ViaLink) Classify(string entry, string realRoot)
    {
        var status = FileStatus.OfEntry(entry);
        if (!status.Exists) return (status, "vanished while the folder was read", false);
        var viaLink = status.Kind == FileKind.Link;
        if (viaLink)
        {
            status = FileStatus.OfTarget(entry);
            if (!status.Exists) return (status, $"broken symbolic link (to {FileStatus.LinkText(entry)})", true);
            var real = FileStatus.RealPath(entry);
            if (!options.FollowLinksOutsideRoot && (real is null || !IsUnder(real, realRoot)))
            {
                return (status, $"symbolic link to {real ?? FileStatus.LinkText(entry)}, outside {realRoot}: not followed (Ingestion:FollowLinksOutsideRoot)", true);
            }
        }

        return (status, status.Kind is FileKind.Folder or FileKind.Regular ? null : NotRegular(status), viaLink);
    }

    private string NothingFound(string folder, int passedOver) => passedOver == 0
        ? $"no files found in {folder}"
        : $"no supported files found in {folder} ({passedOver} passed over; supported: {string.Join(", ", extractors.SupportedExtensions.Order())})";

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string NotRegular(FileStatus status) => $"{status.Describe()}, not a regular file: only regular files are read";

    private sealed class WalkState
    {
        private readonly Dictionary<(ulong, ulong), (string Path, bool ViaLink)> _taken = [];

        public List<string> Files { get; } = [];

        public List<IngestFileResult> PassedOver { get; } = [];

        public List<string> Warnings { get; } = [];

        public HashSet<string> Paths { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// Takes a file unless the same file (device and inode) was already taken under another name. The file's own
        /// name beats a link to it, whichever the walk met first, so citations show where the document really lives.
        /// </summary>
        public void Take(string path, (ulong, ulong) identity, bool viaLink)
        {
            if (!_taken.TryGetValue(identity, out var first))
            {
                _taken[identity] = (path, viaLink);
                Files.Add(path);
            }
            else if (first.ViaLink && !viaLink)
            {
                Files.Remove(first.Path);
                PassedOver.Add(new IngestFileResult(first.Path, IngestOutcome.Skipped, $"same file as {path} (a link to it)"));
                _taken[identity] = (path, false);
                Files.Add(path);
            }
            else
            {
                PassedOver.Add(new IngestFileResult(path, IngestOutcome.Skipped, $"same file as {first.Path} (a link to it)"));
            }
        }
    }
}
