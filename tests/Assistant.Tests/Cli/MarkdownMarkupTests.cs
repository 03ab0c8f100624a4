using Assistant.Cli.Output;

namespace Assistant.Tests.Cli;

public sealed class MarkdownMarkupTests
{
    [Theory]
    [InlineData("# Refunds", "[bold underline]Refunds[/]")]
    [InlineData("## Monthly plans", "[bold]Monthly plans[/]")]
    [InlineData("- within **30 days** [1]", "  • within [bold]30 days[/] [grey][[1]][/]")]
    [InlineData("2. run `assistant ingest`", "  2. run [cyan]assistant ingest[/]")]
    [InlineData("an *important* note", "an [italic]important[/] note")]
    [InlineData("[red]not markup[/] and a_b_c", "[[red]]not markup[[/]] and a_b_c")]
    [InlineData("a * b * c", "a * b * c")]
    public void A_line_becomes_markup_with_everything_else_escaped(string line, string markup) =>
        Assert.Equal(markup, new MarkdownMarkup().Line(line));

    [Fact]
    public void Fenced_code_is_shown_verbatim_and_dimmed_until_the_fence_closes()
    {
        var md = new MarkdownMarkup();

        Assert.Equal(string.Empty, md.Line("```bash"));
        Assert.Equal("  [grey]# not a heading [[x]][/]", md.Line("# not a heading [x]"));
        Assert.Equal(string.Empty, md.Line("```"));
        Assert.Equal("[bold underline]heading[/]", md.Line("# heading"));
    }

    [Fact]
    public void Every_line_it_makes_is_valid_spectre_markup()
    {
        var md = new MarkdownMarkup();
        foreach (var line in new[] { "# T [1]", "- **b** `c` *i* [2]", "[/] ] [ [[", "**unclosed", "`", "1) x" })
        {
            _ = new Spectre.Console.Markup(md.Line(line));
        }
    }
}
