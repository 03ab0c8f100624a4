using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Assistant.Plugins.Common;

/// <summary>
/// Calls a prompt function and insists on a reply the host accepts. Every prompt of these plugins takes a
/// <c>feedback</c> variable, empty on the first call; when the reply is rejected the same prompt runs once more with
/// the rejected reply and the reason in <c>feedback</c> (one prompt used both ways, so the repair cannot drift from
/// the request). A second rejection is an error, never a guess.
/// </summary>
internal static class ModelCall
{
    public const string FeedbackVariable = "feedback";

    /// <summary>Whether <paramref name="kernel"/> has a chat service to run prompts on.</summary>
    public static bool HasChatModel(Kernel kernel) =>
        kernel.Services.GetService<IChatClient>() is not null || kernel.Services.GetService<IChatCompletionService>() is not null;

    /// <summary>Invokes <paramref name="function"/>, checks the reply with <paramref name="accept"/> (null error = accepted), repairs once.</summary>
    public static async Task<T> InvokeCheckedAsync<T>(
        Kernel kernel, KernelFunction function, KernelArguments arguments, Func<string, (T? Value, string? Error)> accept, string what, CancellationToken cancellationToken)
    {
        arguments[FeedbackVariable] = string.Empty;
        var reply = await InvokeAsync(kernel, function, arguments, cancellationToken);
        var (value, error) = accept(reply);
        if (error is null) return value!;

        var repair = new KernelArguments(arguments)
        {
            [FeedbackVariable] = $"""
                Your previous reply was rejected. Reason: {error}
                Your previous reply was:
                {reply}
                Reply again, correcting exactly that.
                """,
        };
        var second = await InvokeAsync(kernel, function, repair, cancellationToken);
        (value, error) = accept(second);
        return error is null ? value! : throw new PluginModelOutputException($"the model's {what} reply is still not usable after one repair retry: {error}");
    }

    /// <summary>The JSON variant: the reply must parse and meet <paramref name="schema"/>, then <paramref name="read"/> may still reject it.</summary>
    public static Task<T> InvokeJsonAsync<T>(
        Kernel kernel, KernelFunction function, KernelArguments arguments, JsonReply schema, Func<JsonElement, (T? Value, string? Error)> read, string what, CancellationToken cancellationToken) =>
        InvokeCheckedAsync(kernel, function, arguments, reply => schema.TryRead(reply, out var root, out var error) ? read(root) : (default, error), what, cancellationToken);

    private static async Task<string> InvokeAsync(Kernel kernel, KernelFunction function, KernelArguments arguments, CancellationToken cancellationToken) =>
        (await kernel.InvokeAsync(function, arguments, cancellationToken)).GetValue<string>() ?? string.Empty;
}
