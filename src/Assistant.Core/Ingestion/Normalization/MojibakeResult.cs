namespace Assistant.Core.Ingestion.Normalization;

/// <summary>Outcome of <see cref="MojibakeRepairer.Repair"/>.</summary>
/// <param name="Text">The repaired text, or the input unchanged when nothing looked damaged.</param>
/// <param name="WasDamaged">Whether any run was decoded back through a code page.</param>
/// <param name="SourceEncoding">WebName of the code page the text was mis-decoded through (e.g. "windows-1253"), or null.</param>
/// <param name="RecoveredShare">
/// Of the damaged sequences found, the share turned back into the right character with confidence: whole
/// sequences, plus rebuilt ones whose missing bytes had one clear answer. Rebuilt-by-best-guess sequences
/// and U+FFFD are not counted. 1 when nothing was damaged.
/// </param>
/// <param name="GarbageShare">Share of the output's letters that still look like garbage (see <see cref="MojibakeRepairer.MeasureGarbage"/>).</param>
public sealed record MojibakeResult(string Text, bool WasDamaged, string? SourceEncoding, double RecoveredShare, double GarbageShare);
