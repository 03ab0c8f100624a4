namespace Assistant.Core.Ingestion.Normalization;

/// <summary>What decoding one run of suspect characters through one code page found.</summary>
internal struct RunStats
{
    /// <summary>Whole, valid UTF-8 sequences.</summary>
    public int Complete;

    /// <summary>Whole sequences of 3–4 bytes decoding to something believable: hard to get by chance.</summary>
    public int Strong;

    /// <summary>Sequences with bytes missing.</summary>
    public int Partial;

    /// <summary>Partial sequences rebuilt into some believable character.</summary>
    public int Rebuilt;

    /// <summary>Partial sequences whose rebuilt character was a clear winner over the alternatives.</summary>
    public int RebuiltConfidently;

    /// <summary>Partial sequences rebuilt into a Hangul syllable.</summary>
    public int RebuiltHangul;

    /// <summary>Continuation bytes with no lead, and bytes that never start UTF-8.</summary>
    public int Stray;

    public int OriginalScore;
    public int DecodedScore;

    /// <summary>Points the original loses for lead/continuation pairs that are classic mojibake signatures.</summary>
    public int MarkerPenalty;

    public readonly int DamagedUnits => Complete + Partial + Stray;

    public readonly int Gain => DecodedScore - (OriginalScore - MarkerPenalty);

    /// <summary>
    /// Whether the decoded run should replace the original. Without a whole sequence in the run, only when the
    /// document as a whole is known to be damaged (a lone "μ" in a Greek text is a word, in cp1253 mojibake it
    /// is a Hangul syllable that lost two bytes).
    /// </summary>
    public readonly bool ShouldRepair(bool documentIsDamaged)
    {
        if (Complete == 0)
        {
            // Only Hangul is rebuilt from nothing but a lead byte: a lone "é" next to ASCII is far likelier to be
            // French than a CJK character that lost two bytes.
            return documentIsDamaged && Partial > 0 && Stray == 0 && RebuiltHangul == Partial && Gain > 0;
        }

        if (Stray > Complete + Partial)
        {
            return false;
        }

        return Strong > 0 ? Gain >= 0 : Gain > 0;
    }
}
