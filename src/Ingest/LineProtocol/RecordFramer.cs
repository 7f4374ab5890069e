namespace Engine.Ingest.LineProtocol;

/// <summary>
/// Finds where a line ends. A newline ends the line unless it is inside a quoted string field value,
/// so the framer follows the same lexical structure as <see cref="LineParser"/>: names up to the first
/// unescaped space, then field keys up to '=', and a string only where a field value starts with '"'.
/// It is a pure function of the bytes from the line start, which makes the result independent of how
/// the input was split into blocks.
/// </summary>
internal static class RecordFramer
{
    /// <summary>Index of the newline ending the line that starts at <paramref name="window"/>[0], or -1.</summary>
    /// <param name="window">Input from the line start on.</param>
    /// <param name="sawQuote">False when the line certainly has no newline inside it (no quote before its end).</param>
    public static int FindLineEnd(ReadOnlySpan<byte> window, out bool sawQuote)
    {
        // Common case: no quote before the newline, so the newline cannot be inside a string.
        int hit = window.IndexOfAny((byte)'\n', (byte)'"');
        sawQuote = hit >= 0 && window[hit] == (byte)'"';
        if (!sawQuote)
        {
            return hit;
        }

        return FindLineEndWithQuotes(window);
    }

    private static int FindLineEndWithQuotes(ReadOnlySpan<byte> w)
    {
        int i = 0;
        while (i < w.Length && w[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        if (i < w.Length && w[i] == (byte)'#')
        {
            return NewlineFrom(w, i);
        }

        // Measurement and tags: quotes are literal here.
        for (; i < w.Length; i++)
        {
            byte b = w[i];
            if (b == (byte)'\n')
            {
                return i;
            }

            if (b == (byte)' ')
            {
                break;
            }

            if (b == (byte)'\\' && i + 1 < w.Length && w[i + 1] != (byte)'\n')
            {
                i++;
            }
        }

        while (i < w.Length)
        {
            // Field key, up to '='.
            for (; i < w.Length; i++)
            {
                byte b = w[i];
                if (b == (byte)'\n')
                {
                    return i;
                }

                if (b == (byte)'=')
                {
                    i++;
                    break;
                }

                if (b == (byte)'\\' && i + 1 < w.Length && w[i + 1] != (byte)'\n')
                {
                    i++;
                }
            }

            if (i < w.Length && w[i] == (byte)'"')
            {
                int close = LineParser.FindClosingQuote(w, i + 1);
                if (close < 0)
                {
                    return -1;
                }

                i = close + 1;
            }

            // Rest of the value: a ',' starts the next field, a ' ' the timestamp.
            for (; i < w.Length; i++)
            {
                byte b = w[i];
                if (b == (byte)'\n')
                {
                    return i;
                }

                if (b == (byte)' ')
                {
                    return NewlineFrom(w, i);
                }

                if (b == (byte)',')
                {
                    i++;
                    break;
                }
            }
        }

        return -1;
    }

    private static int NewlineFrom(ReadOnlySpan<byte> w, int start)
    {
        int hit = w[start..].IndexOf((byte)'\n');
        return hit < 0 ? -1 : start + hit;
    }
}
