using System.Text;
using Assistant.Core.Documents;

namespace Assistant.Core.Ingestion;

/// <summary>The normalise step's output: the cleaned document and what repair, if any, was needed.</summary>
public sealed record NormalizedDocument(ExtractedDocument Document, bool Repaired, string? RepairedFrom, double RecoveredShare, double GarbageShare);

/// <summary>Normalises extracted text: Unicode NFC, no control characters, consistent line ends.</summary>
public sealed class DocumentNormalizer
{
    public NormalizedDocument Normalize(ExtractedDocument document)
    {
        var blocks = document.Blocks
            .Select(b => b with { Text = Clean(b.Text), SectionPath = b.SectionPath.Select(Clean).ToArray() })
            .Where(b => b.Text.Length > 0)
            .ToList();
        return new NormalizedDocument(document with { Blocks = blocks, Title = document.Title is null ? null : Clean(document.Title) }, false, null, 1.0, 0.0);
    }

    internal static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n").Replace('\r', '\n'))
        {
            if (c is '\n' or '\t' || !char.IsControl(c)) sb.Append(c);
        }

        return sb.ToString().Normalize(NormalizationForm.FormC).Trim();
    }
}
