namespace Assistant.Core.Models;

/// <summary>The "Models" configuration section: named profiles and which ones are the defaults.</summary>
public sealed class ModelsOptions
{
    public const string SectionName = "Models";

    /// <summary>Profile used when no --model is given; may be empty (then the lead auto-selects a local model).</summary>
    public string? DefaultChat { get; set; }

    public string? DefaultEmbedding { get; set; }

    public Dictionary<string, ModelProfile> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Finds a profile by name (case-insensitive, whatever comparer the binder left on the dictionary).</summary>
    public bool TryGetProfile(string name, out ModelProfile profile)
    {
        if (Profiles.TryGetValue(name, out profile!))
        {
            return true;
        }

        var match = Profiles.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
        profile = match.Value;
        return match.Value is not null;
    }
}
