namespace Assistant.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Filter_None_has_no_constraints() => Assert.Null(Assistant.Core.Retrieval.SearchFilter.None.SourcePrefix);
}
