using System.CommandLine;
using Microsoft.Extensions.Options;

namespace Assistant.Cli;

/// <summary>Parses, maps usage errors to exit code 2 and turns configuration errors into one readable line.</summary>
internal static class CliRunner
{
    public const int Success = 0;
    public const int PartialFailure = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        // `assistant` alone is how a new user asks what it can do: the help, and success.
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine("Run 'assistant --help' for usage.");
            return UsageError;
        }

        try
        {
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            // `chat` handles Ctrl+C itself: it cancels the answer being written, not the session.
            if (parse.CommandResult.Command.Name == "chat") invocation.ProcessTerminationTimeout = null;
            return await parse.InvokeAsync(invocation);
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine($"configuration error: {string.Join("; ", ex.Failures)}");
            return UsageError;
        }
        catch (Assistant.Core.KernelHost.InvalidPromptException ex)
        {
            // A broken prompt is broken configuration: one line naming the file, and the same exit code.
            Console.Error.WriteLine($"configuration error: {ex.Message}");
            return UsageError;
        }
        catch (ConfigurationErrorException ex)
        {
            Console.Error.WriteLine($"configuration error: {ex.Message}");
            return UsageError;
        }
        catch (InvalidOperationException ex) when (ConfigurationErrors.TryFromBindingFailure(ex, null, out var error))
        {
            // A section bound late (not validated at start) with a value of the wrong kind.
            Console.Error.WriteLine($"configuration error: {error.Message}");
            return UsageError;
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or IOException or UnauthorizedAccessException
            or Assistant.Core.Storage.Qdrant.QdrantException or Assistant.Core.Models.ModelException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return PartialFailure;
        }
    }
}

/// <summary>A mistake in how the command was called that the parser cannot see (e.g. --top 0).</summary>
internal sealed class UsageException(string message) : Exception(message);
