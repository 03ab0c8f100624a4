namespace Assistant.Tests.TestSupport;

/// <summary>
/// A fact that needs the real seed documents in ../shared/seeds; it skips, visibly, when they are absent
/// (the seeds are not part of the repository).
/// </summary>
public sealed class SeedFactAttribute : FactAttribute
{
    public SeedFactAttribute()
    {
        if (RepoPaths.Seeds is null)
        {
            Skip = "../shared/seeds not found";
        }
    }
}
