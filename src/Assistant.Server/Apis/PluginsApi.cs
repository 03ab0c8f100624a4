using System.Text.Json;
using Assistant.Core.Models;
using Assistant.Server.Limits;
using Assistant.Server.Plugins;
using Assistant.Server.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Assistant.Server.Apis;

/// <summary>POST /api/plugins/{plugin}/{function}: any registered kernel plugin function, arguments from the JSON body.</summary>
public static class PluginsApi
{
    public static RouteGroupBuilder MapPluginsApi(this RouteGroupBuilder api)
    {
        var plugins = api.MapGroup("/plugins").RequireAuthorization(ApiPolicies.Plugins).WithTags("Plugins");
        plugins.MapGet("/", List).WithName("ListPlugins").WithSummary("The plugin functions and their arguments");
        plugins.MapPost("/{plugin}/{function}", InvokeAsync)
            .WithName("InvokePlugin")
            .WithSummary("Call a plugin function, e.g. Sentiment/analyze with {\"text\": \"...\"}")
            .Accepts<JsonElement>("application/json");
        return api;
    }

    private static IResult List(PluginCatalog catalog) =>
        TypedResults.Ok(catalog.Plugins.SelectMany(p => p.Select(f => new PluginFunctionDto(
            p.Name, f.Name, f.Description,
            [.. f.Metadata.Parameters.Select(a => new PluginArgumentDto(a.Name, a.Description, a.IsRequired))]))).ToList());

    private static async Task<IResult> InvokeAsync(
        HttpContext context, string plugin, string function, PluginCatalog catalog, MessageLimit limit, IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (catalog.Find(plugin) is not { } found)
        {
            return NotFound($"No plugin '{plugin}' (plugins: {string.Join(", ", catalog.Plugins.Select(p => p.Name))}).");
        }

        if (!found.TryGetFunction(function, out var kernelFunction))
        {
            return NotFound($"No function '{function}' in {found.Name} (functions: {string.Join(", ", found.Select(f => f.Name))}).");
        }

        JsonElement body;
        try
        {
            body = context.Request.ContentLength == 0 ? default : (await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: ct)).RootElement;
        }
        catch (JsonException)
        {
            return SearchApi.Validation("body", "body: not valid JSON");
        }

        var (arguments, failure) = PluginArguments.Bind(kernelFunction, body, json.Value.SerializerOptions);
        if (failure is not null) return SearchApi.Validation(failure.Argument, failure.Message);
        foreach (var (name, text) in PluginArguments.Texts(arguments!))
        {
            if (limit.Check(name, text) is { } tooLong) return tooLong;
        }

        try
        {
            var result = await kernelFunction.InvokeAsync(catalog.Kernel, arguments, ct);
            return TypedResults.Json(result.GetValue<object>(), json.Value.SerializerOptions);
        }
        catch (ArgumentException ex)
        {
            // The plugins check their arguments before any work and name the one at fault (e.g. "text: the text is empty").
            return SearchApi.Validation(ex.ParamName ?? "arguments", ex.Message);
        }
        catch (ModelException ex)
        {
            return TypedResults.Problem(title: "The model failed", detail: ex.Message, statusCode: StatusCodes.Status502BadGateway);
        }
    }

    private static IResult NotFound(string detail) =>
        TypedResults.Problem(title: "Plugin function not found", detail: detail, statusCode: StatusCodes.Status404NotFound);
}

public sealed record PluginFunctionDto(string Plugin, string Function, string Description, IReadOnlyList<PluginArgumentDto> Arguments);

public sealed record PluginArgumentDto(string Name, string Description, bool Required);
