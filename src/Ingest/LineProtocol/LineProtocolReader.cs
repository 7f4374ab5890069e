namespace Engine.Ingest.LineProtocol;

/// <summary>
/// A resumable, allocation-free reader of InfluxDB line protocol. Feed it blocks of bytes; it reports
/// every complete line to a handler and returns how many bytes it consumed. Bytes it did not consume
/// (an incomplete last line) must be presented again, followed by more input, on the next call.
/// Line numbers continue across calls. Reusable, not thread-safe.
/// </summary>
public sealed partial class LineProtocolReader
{
    private readonly LineScratch _scratch = new();
    private long _lineNumber = 1;

    // Set after an over-long line whose end was not yet in the input: skip up to the next newline.
    private bool _skippingLongLine;

    public LineProtocolReader(LineProtocolOptions? options = null)
    {
        Options = options ?? LineProtocolOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxLineBytes, 1, nameof(options));
    }

    public LineProtocolOptions Options { get; }

    /// <summary>The 1-based number of the physical line the next input starts on.</summary>
    public long LineNumber => _lineNumber;

    /// <summary>Forgets all state so the reader can start on a new stream at line 1.</summary>
    public void Reset()
    {
        _lineNumber = 1;
        _skippingLongLine = false;
    }

    /// <summary>
    /// Parses every complete line of <paramref name="input"/>, calling <paramref name="handler"/> once per
    /// non-blank, non-comment line. With <paramref name="isFinalBlock"/> false a last line without its
    /// newline (or whose only newlines are inside an open quoted string) is left unconsumed; with true
    /// it is parsed too.
    /// </summary>
    /// <returns>The number of bytes consumed from the start of <paramref name="input"/>.</returns>
    public int Parse<THandler>(ReadOnlySpan<byte> input, bool isFinalBlock, ref THandler handler)
        where THandler : ILineHandler, allows ref struct
    {
        var defaultTime = new DefaultTimestamp(Options);
        return ParseBlock(input, isFinalBlock, ref handler, ref defaultTime);
    }

    private int ParseBlock<THandler>(ReadOnlySpan<byte> input, bool isFinalBlock, ref THandler handler, ref DefaultTimestamp defaultTime)
        where THandler : ILineHandler, allows ref struct
    {
        int pos = 0;
        if (_skippingLongLine)
        {
            int newline = input.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _skippingLongLine = !isFinalBlock;
                return input.Length;
            }

            _skippingLongLine = false;
            _lineNumber++;
            pos = newline + 1;
        }

        int maxLine = Options.MaxLineBytes;
        while (pos < input.Length)
        {
            ReadOnlySpan<byte> rest = input[pos..];

            // A line of maxLine bytes may still be followed by "\r\n".
            int window = (int)Math.Min(rest.Length, (long)maxLine + 2);
            int end = RecordFramer.FindLineEnd(rest[..window], out bool mayHaveInnerNewlines);

            if (end < 0)
            {
                if (rest.Length > maxLine + 1L)
                {
                    pos += SkipLongLine(rest, isFinalBlock, ref handler);
                    continue;
                }

                if (!isFinalBlock)
                {
                    break;
                }

                end = rest.Length;
            }

            int contentLength = end > 0 && end < rest.Length && rest[end - 1] == (byte)'\r' ? end - 1 : end;
            ReadOnlySpan<byte> content = rest[..contentLength];
            if (contentLength > maxLine)
            {
                pos += SkipLongLine(rest, isFinalBlock, ref handler);
                continue;
            }

            ParseLine(content, ref handler, ref defaultTime);
            bool hasLineEnding = end < rest.Length;
            _lineNumber += (hasLineEnding ? 1 : 0) + (mayHaveInnerNewlines ? CountNewlines(rest[..end]) : 0);
            pos += hasLineEnding ? end + 1 : end;
        }

        return pos;
    }

    private void ParseLine<THandler>(ReadOnlySpan<byte> content, ref THandler handler, ref DefaultTimestamp defaultTime)
        where THandler : ILineHandler, allows ref struct
    {
        int start = 0;
        while (start < content.Length && content[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }

        if (start == content.Length || content[start] == (byte)'#')
        {
            return;
        }

        if (!LineParser.TryParse(content, start, _scratch, Options.Precision, out ParseFailure failure))
        {
            handler.OnError(Locate(content, failure.Offset, failure.Message));
            return;
        }

        if (!_scratch.HasTimestamp)
        {
            _scratch.TimestampNs = defaultTime.Get();
        }

        handler.OnLine(new ParsedLine(content, _scratch, _lineNumber));
    }

    /// <summary>
    /// Reports a line longer than the limit and skips to the first newline at or after the limit (the
    /// line's end can no longer be told apart from a newline inside a string). Returns bytes consumed.
    /// </summary>
    private int SkipLongLine<THandler>(ReadOnlySpan<byte> rest, bool isFinalBlock, ref THandler handler)
        where THandler : ILineHandler, allows ref struct
    {
        int maxLine = Options.MaxLineBytes;
        handler.OnError(Locate(rest, maxLine, $"line is longer than the maximum of {maxLine} bytes"));
        int newline = rest[maxLine..].IndexOf((byte)'\n');
        int consumed = newline < 0 ? rest.Length : maxLine + newline + 1;
        _lineNumber += CountNewlines(rest[..consumed]);
        _skippingLongLine = newline < 0 && !isFinalBlock;
        return consumed;
    }

    /// <summary>Turns an offset inside a line into a physical line number and column.</summary>
    private LineProtocolError Locate(ReadOnlySpan<byte> line, int offset, string message)
    {
        ReadOnlySpan<byte> before = line[..offset];
        int lastNewline = before.LastIndexOf((byte)'\n');
        return new LineProtocolError(_lineNumber + CountNewlines(before), offset - lastNewline, message);
    }

    private static int CountNewlines(ReadOnlySpan<byte> bytes) => bytes.Count((byte)'\n');

    /// <summary>The time for lines without a timestamp, read from the clock at most once per call.</summary>
    private struct DefaultTimestamp(LineProtocolOptions options)
    {
        private long? _value = options.DefaultTimestampNs;

        public long Get() => _value ??= (options.TimeProvider.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
    }
}
