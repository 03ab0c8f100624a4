using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Assistant.Cli.Benchmarking;

/// <summary>Latencies in milliseconds with p99; percentiles by nearest rank.</summary>
internal sealed record ServerLatency(int Count, double P50Ms, double P95Ms, double P99Ms, double MeanMs, double MaxMs)
{
    public static ServerLatency From(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0) return new ServerLatency(0, 0, 0, 0, 0, 0);
        var sorted = milliseconds.Order().ToArray();
        return new ServerLatency(sorted.Length, Round(Percentile(sorted, 0.50)), Round(Percentile(sorted, 0.95)), Round(Percentile(sorted, 0.99)), Round(sorted.Average()), Round(sorted[^1]));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Round(double value) => Math.Round(value, 3);
}

/// <summary>One timed message: the tag that matches it to the model's calls, the client-observed time, whether it succeeded and was answered from the documents.</summary>
internal sealed record TimedMessage(int Id, double Milliseconds, bool Ok, bool Found);

/// <summary>
/// The benchmark's customers: HTTP clients that open conversations and send messages (non-streaming JSON) to the
/// server, as many at once as asked. Every question carries a unique tag (<see cref="InstantModel.Tag"/>) so the
/// model's time for it can be subtracted. An error is any non-2xx status or exception; the first few are logged.
/// </summary>
internal sealed class ServerLoad(HttpClient http, IReadOnlyList<string> questions, Action<string> log)
{
    /// <summary>A customer opens a new conversation after this many messages, as support chats are short.</summary>
    public const int MessagesPerConversation = 10;

    private int _nextId;
    private int _errors;
    private int _loggedErrors;

    public int Errors => Volatile.Read(ref _errors);

    public static HttpClient Client(Uri server, string key)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        var client = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary><paramref name="total"/> messages from <paramref name="concurrency"/> clients at once; returns each message's timing and the wall time.</summary>
    public async Task<(List<TimedMessage> Messages, TimeSpan Elapsed)> MessagesAsync(int total, int concurrency, CancellationToken cancellationToken)
    {
        var results = new ConcurrentBag<TimedMessage>();
        var remaining = total;
        var wall = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            string? conversation = null;
            var sent = 0;
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                if (conversation is null || sent % MessagesPerConversation == 0) conversation = await CreateAsync(cancellationToken);
                sent++;
                if (conversation is null) continue;
                results.Add(await SendAsync(conversation, cancellationToken));
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(clients);
        return ([.. results], wall.Elapsed);
    }

    /// <summary><paramref name="count"/> conversations of one message each, <paramref name="concurrency"/> at a time.</summary>
    public async Task ConversationsAsync(int count, int concurrency, CancellationToken cancellationToken)
    {
        var remaining = count;
        var clients = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                if (await CreateAsync(cancellationToken) is { } conversation) await SendAsync(conversation, cancellationToken);
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(clients);
    }

    private async Task<string?> CreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsync("/api/conversations", null, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Failed($"POST /api/conversations: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                return null;
            }

            using var created = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            return created.RootElement.GetProperty("id").GetString();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException && !cancellationToken.IsCancellationRequested)
        {
            Failed($"POST /api/conversations: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }

    private async Task<TimedMessage> SendAsync(string conversation, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var question = questions[id % questions.Count] + " " + InstantModel.Tag(id);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.PostAsJsonAsync($"/api/conversations/{conversation}/messages", new { content = question }, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                Failed($"POST messages: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
                return new TimedMessage(id, elapsed, false, false);
            }

            using var reply = JsonDocument.Parse(body);
            return new TimedMessage(id, elapsed, true, reply.RootElement.GetProperty("found").GetBoolean());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException && !cancellationToken.IsCancellationRequested)
        {
            Failed($"POST messages: {ex.GetType().Name}: {ex.Message}");
            return new TimedMessage(id, watch.Elapsed.TotalMilliseconds, false, false);
        }
    }

    private void Failed(string what)
    {
        Interlocked.Increment(ref _errors);
        if (Interlocked.Increment(ref _loggedErrors) <= 5) log("error: " + (what.Length > 300 ? what[..300] + "…" : what));
    }
}
