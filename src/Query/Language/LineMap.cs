namespace Engine.Query.Language;

/// <summary>Turns character offsets of a query text into 1-based line and column positions.</summary>
internal sealed class LineMap
{
    private readonly List<int> lineStarts = [0];

    public LineMap(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
                lineStarts.Add(i + 1);
        }
    }

    public SourcePosition At(int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return new SourcePosition(line + 1, offset - lineStarts[line] + 1);
    }
}
