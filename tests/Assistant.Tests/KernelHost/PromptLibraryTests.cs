using Assistant.Core.KernelHost;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.KernelHost;

public sealed class PromptLibraryTests
{
    private const string GoodConfig = """
        { "schema": 1, "type": "completion", "description": "Says hello.",
          "execution_settings": { "default": { "max_tokens": 50, "temperature": 0.5 } },
          "input_variables": [ { "name": "name", "description": "Who", "is_required": true } ] }
        """;

    [Fact]
    public void The_repository_prompts_load_as_semantic_kernel_plugins()
    {
        var library = PromptLibrary.Load(Path.Combine(RepoPaths.Root, "prompts"));

        var plugin = Assert.Single(library.Plugins, p => p.Name == "Answer");
        var grounded = plugin["Grounded"];
        Assert.False(string.IsNullOrWhiteSpace(grounded.Description));
        Assert.Equal(["question", "passages", "nonce", "language", "not_found", "history"], grounded.Metadata.Parameters.Select(p => p.Name));
        // history is optional: a first turn (and `ask`) renders exactly as before it existed.
        Assert.All(grounded.Metadata.Parameters, p => Assert.True(p.IsRequired == (p.Name != "history"), p.Name));

        var conversation = Assert.Single(library.Plugins, p => p.Name == "Conversation");
        Assert.Equal(["history", "question", "nonce", "language"], conversation["Condense"].Metadata.Parameters.Select(p => p.Name));
        Assert.Equal(["question", "target_language"], conversation["TranslateQuery"].Metadata.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void A_valid_folder_in_a_temp_dir_loads()
    {
        using var dir = new TempDir();
        dir.Write("Greet/Hello/config.json", GoodConfig);
        dir.Write("Greet/Hello/skprompt.txt", "<message role=\"user\">Hello {{$name}}</message>");

        var library = PromptLibrary.Load(dir.Path);

        Assert.Equal("Hello", Assert.Single(Assert.Single(library.Plugins)).Name);
    }

    [Theory]
    [InlineData("{{$}}", "skprompt.txt")]                                     // a variable with no name
    [InlineData("Hello {{ $name $name }}", "skprompt.txt")]                  // two values in one block
    [InlineData("Hello {{ 'a' 'b' }}", "skprompt.txt")]                     // two literals in one block
    [InlineData("Hello {{Missing.function}}", "skprompt.txt")]               // parses, but no plugin defines the function
    public void A_template_semantic_kernel_rejects_stops_loading_and_names_the_file(string template, string file)
    {
        using var dir = new TempDir();
        dir.Write("Greet/Hello/config.json", GoodConfig);
        dir.Write("Greet/Hello/skprompt.txt", template);

        var error = Assert.Throws<InvalidPromptException>(() => PromptLibrary.Load(dir.Path));

        Assert.Equal(Path.Combine(dir.Path, "Greet", "Hello", file), error.PromptPath);
        Assert.StartsWith(error.PromptPath + ": ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("{ \"schema\": 1, ", "config.json")]                           // not JSON
    [InlineData("{ \"schema\": 1, \"execution_settings\": 5 }", "config.json")] // JSON, wrong shape
    [InlineData("{ \"schema\": 1 }", "config.json")]                           // no description
    [InlineData(null, "config.json")]                                          // missing
    public void A_broken_or_missing_config_stops_loading_and_names_the_file(string? config, string file)
    {
        using var dir = new TempDir();
        if (config is not null) dir.Write("Greet/Hello/config.json", config);
        dir.Write("Greet/Hello/skprompt.txt", "Hello {{$name}}");

        var error = Assert.Throws<InvalidPromptException>(() => PromptLibrary.Load(dir.Path));

        Assert.Equal(Path.Combine(dir.Path, "Greet", "Hello", file), error.PromptPath);
    }

    [Fact]
    public void A_function_folder_without_a_template_is_an_error_not_silently_skipped()
    {
        using var dir = new TempDir();
        dir.Write("Greet/Hello/config.json", GoodConfig);

        var error = Assert.Throws<InvalidPromptException>(() => PromptLibrary.Load(dir.Path));

        Assert.EndsWith("skprompt.txt", error.PromptPath);
    }
}
