using System.Buffers;

namespace Engine.Ingest.LineProtocol;

/// <summary>Which characters a backslash escapes, by position in the line.</summary>
internal enum EscapeKind
{
    /// <summary>Measurement: <c>\,</c> and <c>\ </c>.</summary>
    Measurement,

    /// <summary>Tag keys, tag values and field keys: <c>\,</c>, <c>\=</c> and <c>\ </c>.</summary>
    Key,

    /// <summary>Quoted string field values: <c>\"</c> and <c>\\</c>.</summary>
    String,
}

/// <summary>
/// The escaping rules of the line protocol, shared by the reader and the writer so they cannot drift.
/// <para>
/// As in InfluxDB's scanner, a backslash and the byte after it are read as one unit: if that byte is
/// escapable in the position, the unit stands for it; otherwise both bytes are kept literally. So
/// <c>a\b</c> is the three characters <c>a\b</c>, and <c>\\,</c> in a tag value is a literal
/// <c>\\</c> followed by a separator. A line ending is never escaped: a backslash before it is literal.
/// </para>
/// </summary>
internal static class LineProtocolEscaping
{
    public static bool IsEscapable(EscapeKind kind, byte b) => kind switch
    {
        EscapeKind.Measurement => b is (byte)',' or (byte)' ',
        EscapeKind.Key => b is (byte)',' or (byte)'=' or (byte)' ',
        _ => b is (byte)'"' or (byte)'\\',
    };

    /// <summary>
    /// Unescapes <paramref name="raw"/> into <paramref name="destination"/> and returns the length written.
    /// The result is never longer than <paramref name="raw"/>.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination, EscapeKind kind)
    {
        int backslash = raw.IndexOf((byte)'\\');
        if (backslash < 0)
        {
            raw.CopyTo(destination);
            return raw.Length;
        }

        raw[..backslash].CopyTo(destination);
        int written = backslash;
        int i = backslash;
        while (i < raw.Length)
        {
            byte b = raw[i];
            if (b == (byte)'\\' && i + 1 < raw.Length)
            {
                byte next = raw[i + 1];
                if (!IsEscapable(kind, next))
                {
                    destination[written++] = b;
                }

                destination[written++] = next;
                i += 2;
            }
            else
            {
                destination[written++] = b;
                i++;
            }
        }

        return written;
    }

    /// <summary>Unescapes and decodes UTF-8 (invalid sequences become U+FFFD). Allocates.</summary>
    public static string UnescapeToString(ReadOnlySpan<byte> raw, EscapeKind kind)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return System.Text.Encoding.UTF8.GetString(raw);
        }

        byte[]? rented = null;
        Span<byte> buffer = raw.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        int length = Unescape(raw, buffer, kind);
        string result = System.Text.Encoding.UTF8.GetString(buffer[..length]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return result;
    }

    /// <summary>Length of <paramref name="text"/> once escaped for <paramref name="kind"/>.</summary>
    public static int EscapedLength(ReadOnlySpan<byte> text, EscapeKind kind)
    {
        int length = text.Length;
        foreach (byte b in text)
        {
            if (IsEscapable(kind, b))
            {
                length++;
            }
        }

        return length;
    }

    /// <summary>
    /// Escapes <paramref name="text"/> into <paramref name="destination"/> (sized by
    /// <see cref="EscapedLength"/>). For names a literal backslash is written as is, which is exactly
    /// right whenever <see cref="IsRepresentableName"/> holds.
    /// </summary>
    public static int Escape(ReadOnlySpan<byte> text, Span<byte> destination, EscapeKind kind)
    {
        int written = 0;
        foreach (byte b in text)
        {
            if (IsEscapable(kind, b))
            {
                destination[written++] = (byte)'\\';
            }

            destination[written++] = b;
        }

        return written;
    }

    /// <summary>
    /// Whether a measurement, tag key, tag value or field key survives a write and a read unchanged.
    /// <para>
    /// Because a backslash always pairs with the byte after it (InfluxDB's rule), a name cannot be
    /// written when a run of an odd number of backslashes is followed by an escapable character or by
    /// the end of the name: the last backslash of the run would pair with the escape or the separator
    /// that follows. Examples: <c>a\</c>, <c>a\,b</c>, <c>a\\\ b</c> are not representable; <c>a\\</c>,
    /// <c>a\\,b</c> (escaped as <c>a\\\,b</c>) and <c>a\b</c> are. A newline never is (it ends the line),
    /// and neither is the empty name.
    /// </para>
    /// </summary>
    public static bool IsRepresentableName(ReadOnlySpan<byte> name, EscapeKind kind)
    {
        if (name.IsEmpty || name.IndexOf((byte)'\n') >= 0)
        {
            return false;
        }

        int run = 0;
        foreach (byte b in name)
        {
            if (b == (byte)'\\')
            {
                run++;
                continue;
            }

            if (run % 2 == 1 && IsEscapable(kind, b))
            {
                return false;
            }

            run = 0;
        }

        return run % 2 == 0;
    }
}
