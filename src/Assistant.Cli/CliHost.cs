using System.CommandLine;
using Assistant.Core.Extensions;
using Assistant.Plugins.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assistant.Cli;

/// <summary>The composition root: configuration layers, then services.</summary>
internal static class CliHost
{
    /// <summary>
    /// Settings, lowest to highest precedence: appsettings.json beside the executable, appsettings.json in the
    /// current folder, --config FILE, ASSISTANT_* environment variables (ASSISTANT_Models__DefaultChat=…),
    /// ASSISTANT_DATA, --data.
    /// </summary>
    public static IConfiguration BuildConfiguration(ParseResult parse)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);

        if (parse.GetValue(GlobalOptions.Config) is { } config)
        {
            if (!config.Exists) throw new UsageException($"--config {config.FullName}: no such file");
            builder.AddJsonFile(config.FullName, optional: false);
        }

        builder.AddEnvironmentVariables("ASSISTANT_");
        var overrides = new Dictionary<string, string?>();
        if (Environment.GetEnvironmentVariable("ASSISTANT_DATA") is { Length: > 0 } envData) overrides["DataDirectory"] = envData;
        if (parse.GetValue(GlobalOptions.Data) is { Length: > 0 } data) overrides["DataDirectory"] = data;
        builder.AddInMemoryCollection(overrides);
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            // A settings file that is not JSON: one line naming the file and the place, not a stack trace.
            throw ConfigurationErrors.FromLoadFailure(ex);
        }
    }

    public static ServiceProvider BuildServices(ParseResult parse) => BuildServices(BuildConfiguration(parse));

    public static ServiceProvider BuildServices(IConfiguration configuration)
    {
        // No ValidateOnBuild: walking every registration loads model SDK and Semantic Kernel types a search never uses,
        // which a one-shot command pays on every run; CliHostTests builds this same collection with validation instead.
        var provider = CreateServices(configuration).BuildServiceProvider();
        try
        {
            // Bind and validate every section now (what a host's ValidateOnStart does): a bad value fails every command
            // the same way, not only the ones that happen to read that section.
            provider.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception ex) when (ConfigurationErrors.TryFromBindingFailure(ex, configuration, out var error))
        {
            provider.Dispose();
            throw error;
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }

    /// <summary>Every service of the CLI, not yet built (tests build it with ValidateOnBuild).</summary>
    internal static ServiceCollection CreateServices(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        AddServices(services, configuration);
        return services;
    }

    /// <summary>Every service the commands use, into any collection (the MCP server's host has its own).</summary>
    public static IServiceCollection AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging
            // M.E.AI's LoggingChatClient logs a failed call at Error; the command already prints that failure as one
            // "error: …" line, so its copy is off unless Logging:LogLevel:Microsoft.Extensions.AI turns it back on.
            .AddFilter("Microsoft.Extensions.AI", LogLevel.None)
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter(level => level >= LogLevel.Error));
        // Logs go to stderr so that --json output on stdout stays machine-readable.
        services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        services.AddModels(configuration);
        if (!string.IsNullOrWhiteSpace(configuration["Models:DefaultEmbedding"]))
        {
            // Dense and hybrid retrieval switch on when an embedding profile is the default.
            services.AddSingleton(sp => sp.GetRequiredService<Assistant.Core.Models.ModelProfileFactory>().CreateEmbeddingGenerator(null));
        }

        services.AddKnowledgeBase(configuration);
        services.AddAssistantKernel(configuration);
        services.AddEvaluation();
        services.AddAssistantPlugins(configuration);
        services.AddDocumentAgent(configuration);
        return services;
    }
}
