using System.Net.Sockets;
using Assistant.Core.Ingestion;
using Assistant.Tests.TestSupport;
using Mono.Unix.Native;

namespace Assistant.Tests.Ingestion;

/// <summary>
/// Folders as people really have them: link loops, links to devices and to other places, pipes and sockets, hidden
/// folders above the one given. Each run through the real pipeline, with a time limit instead of a hang.
/// </summary>
public sealed class FileWalkerTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TestKnowledgeBase _kb = new(o => o.MaxFileSizeMegabytes = 1);

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task Two_symlink_loops_in_one_tree_end_and_every_real_file_is_indexed_once()
    {
        var a = _kb.Dir.Write("D/a.md", "# A\n\nPelicans nest on cliffs.\n");
        var b = _kb.Dir.Write("D/sub/b.md", "# B\n\nHerons wade in marshes.\n");
        File.CreateSymbolicLink(_kb.Dir.Combine("D", "sub", "up"), "..");
        File.CreateSymbolicLink(_kb.Dir.Combine("D", "self"), ".");

        var report = await _kb.IngestAsync(_kb.Dir.Combine("D")).WaitAsync(Limit);

        Assert.Equal(IngestOutcome.Added, report.For(a).Outcome);
        Assert.Equal(IngestOutcome.Added, report.For(b).Outcome);
        Assert.Contains("already walked", report.For(_kb.Dir.Combine("D", "self")).Reason);
        Assert.Contains("already walked", report.For(_kb.Dir.Combine("D", "sub", "up")).Reason);
        Assert.Equal(2, _kb.Db.Documents);
        Assert.False(report.HasFailures);
    }

    [Fact]
    public async Task Links_to_devices_fifos_and_sockets_are_passed_over_with_their_kind_and_the_batch_goes_on()
    {
        var good = _kb.Dir.Write("D/good.md", "# Good\n\nPelicans are fine.\n");
        var zero = _kb.Dir.Combine("D", "zero.txt");
        var random = _kb.Dir.Combine("D", "random.md");
        var fifo = _kb.Dir.Combine("D", "pipe.txt");
        var socketPath = _kb.Dir.Combine("D", "sock.txt");
        File.CreateSymbolicLink(zero, "/dev/zero");
        File.CreateSymbolicLink(random, "/dev/urandom");
        Assert.Equal(0, Syscall.mkfifo(fifo, FilePermissions.DEFFILEMODE));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        // Links to devices lead outside the folder; following them anyway must still not read a device.
        _kb.Options.FollowLinksOutsideRoot = true;

        var report = await _kb.IngestAsync(_kb.Dir.Combine("D")).WaitAsync(Limit);

        Assert.Equal(IngestOutcome.Added, report.For(good).Outcome);
        Assert.Contains("a character device, not a regular file", report.For(zero).Reason);
        Assert.Contains("a character device, not a regular file", report.For(random).Reason);
        Assert.Contains("a FIFO (named pipe), not a regular file", report.For(fifo).Reason);
        Assert.Contains("a socket, not a regular file", report.For(socketPath).Reason);
        Assert.All(new[] { zero, random, fifo, socketPath }, p => Assert.Equal(IngestOutcome.Skipped, report.For(p).Outcome));
        Assert.Equal(1, _kb.Db.Documents);
    }

    [Fact]
    public async Task A_fifo_or_device_named_explicitly_fails_with_a_reason_instead_of_blocking()
    {
        var fifo = _kb.Dir.Combine("pipe.md");
        Assert.Equal(0, Syscall.mkfifo(fifo, FilePermissions.DEFFILEMODE));
        var good = _kb.Dir.Write("good.md", "# Good\n\nFine.\n");

        var report = await _kb.IngestAsync(fifo, "/dev/zero", good).WaitAsync(Limit);

        Assert.Equal(IngestOutcome.Failed, report.For(fifo).Outcome);
        Assert.Contains("FIFO", report.For(fifo).Reason);
        Assert.Contains("character device", report.For("/dev/zero").Reason);
        Assert.Equal(IngestOutcome.Added, report.For(good).Outcome);
    }

    [Fact]
    public async Task The_size_limit_applies_to_the_file_a_link_points_to()
    {
        var big = _kb.Dir.Write("elsewhere/big.txt", string.Concat(Enumerable.Repeat("Pelicans glide over the bay at dawn. ", 60_000)));
        var link = _kb.Dir.Combine("D", "big-link.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, big);
        Assert.True(new FileInfo(big).Length > 2 * 1024 * 1024);

        var report = await _kb.IngestAsync(link).WaitAsync(Limit);

        Assert.Equal(IngestOutcome.Failed, report.For(link).Outcome);
        Assert.Contains("over the 1 MB limit", report.For(link).Reason);
        Assert.Equal(0, _kb.Db.Documents);
    }

    [Fact]
    public async Task A_link_leading_outside_the_folder_is_not_followed_unless_configured()
    {
        var outside = _kb.Dir.Write("private/secret.md", "# Secret\n\nSalaries of everyone.\n");
        var inside = _kb.Dir.Write("D/notes.md", "# Notes\n\nTeam notes.\n");
        var link = _kb.Dir.Combine("D", "secret.md");
        File.CreateSymbolicLink(link, outside);
        Directory.CreateSymbolicLink(_kb.Dir.Combine("D", "private-folder"), _kb.Dir.Combine("private"));

        var report = await _kb.IngestAsync(_kb.Dir.Combine("D"));

        Assert.Equal(IngestOutcome.Added, report.For(inside).Outcome);
        Assert.Equal(IngestOutcome.Skipped, report.For(link).Outcome);
        Assert.Contains("outside", report.For(link).Reason);
        Assert.Contains("Ingestion:FollowLinksOutsideRoot", report.For(link).Reason);
        Assert.Equal(IngestOutcome.Skipped, report.For(_kb.Dir.Combine("D", "private-folder")).Outcome);
        Assert.Equal(1, _kb.Db.Documents);

        _kb.Options.FollowLinksOutsideRoot = true;
        var followed = await _kb.IngestAsync(_kb.Dir.Combine("D"));

        // Followed now; the file is reached twice (the file link and the folder link), same inode: indexed once.
        var twice = new[] { followed.For(link), followed.For(_kb.Dir.Combine("D", "private-folder", "secret.md")) };
        Assert.Single(twice, r => r.Outcome == IngestOutcome.Added);
        Assert.Single(twice, r => r.Outcome == IngestOutcome.Skipped && r.Reason!.StartsWith("same file as", StringComparison.Ordinal));
        Assert.Equal(2, _kb.Db.Documents);
    }

    [Fact]
    public async Task Links_inside_the_folder_are_followed_and_one_file_under_two_names_is_indexed_once()
    {
        var real = _kb.Dir.Write("D/docs/guide.md", "# Guide\n\nHow to fold a pelican.\n");
        var alias = _kb.Dir.Combine("D", "guide-link.md");
        File.CreateSymbolicLink(alias, real);
        var broken = _kb.Dir.Combine("D", "gone.md");
        File.CreateSymbolicLink(broken, _kb.Dir.Combine("D", "nothing-here.md"));

        var report = await _kb.IngestAsync(_kb.Dir.Combine("D"));

        // The walk meets the link first (D/guide-link.md before D/docs/guide.md), but the file's own name wins.
        Assert.Equal(IngestOutcome.Added, report.For(real).Outcome);
        Assert.Equal(IngestOutcome.Skipped, report.For(alias).Outcome);
        Assert.Equal($"same file as {real} (a link to it)", report.For(alias).Reason);
        Assert.Contains("broken symbolic link", report.For(broken).Reason);
        Assert.Equal(1, _kb.Db.Documents);
    }

    [Fact]
    public async Task A_dot_folder_above_the_given_root_does_not_hide_it_but_one_below_does()
    {
        var doc = _kb.Dir.Write("projects/.archive/docs/plan.md", "# Plan\n\nShip the pelican feature.\n");
        var hidden = _kb.Dir.Write("projects/.archive/docs/.drafts/draft.md", "# Draft\n\nNot ready.\n");

        var report = await _kb.IngestAsync(_kb.Dir.Combine("projects", ".archive", "docs"));

        Assert.Equal(IngestOutcome.Added, report.For(doc).Outcome);
        Assert.DoesNotContain(report.Files, f => f.Path == hidden);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public async Task A_folder_with_nothing_to_index_is_a_warning_not_a_silent_success()
    {
        Directory.CreateDirectory(_kb.Dir.Combine("empty"));
        _kb.Dir.WriteBytes("pictures/cat.png", [0x89, 0x50]);

        var report = await _kb.IngestAsync(_kb.Dir.Combine("empty"), _kb.Dir.Combine("pictures"));

        Assert.Equal(2, report.Warnings.Count);
        Assert.Contains("no files found in", report.Warnings[0]);
        Assert.Contains("no supported files found in", report.Warnings[1]);
        Assert.Contains("1 passed over", report.Warnings[1]);
    }

    [Fact]
    public async Task A_very_deep_folder_tree_is_walked_without_recursion()
    {
        var parts = Enumerable.Repeat("d", 1500).ToArray();
        var deep = _kb.Dir.Combine(parts);
        Directory.CreateDirectory(deep);
        var file = Path.Combine(deep, "bottom.md");
        File.WriteAllText(file, "# Bottom\n\nThe deepest pelican.\n");

        var report = await _kb.IngestAsync(_kb.Dir.Combine("d")).WaitAsync(Limit);

        Assert.Equal(IngestOutcome.Added, report.For(file).Outcome);
    }
}
