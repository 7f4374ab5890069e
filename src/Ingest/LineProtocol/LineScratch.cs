using Engine.Storage.Model;

namespace Engine.Ingest.LineProtocol;

/// <summary>Byte ranges of one tag inside the line being parsed.</summary>
internal struct TagRange
{
    public int KeyStart;
    public int KeyLength;
    public int ValueStart;
    public int ValueLength;
}

/// <summary>One parsed field: key range, type, raw bits and, for strings, the range inside the quotes.</summary>
internal struct FieldEntry
{
    public int KeyStart;
    public int KeyLength;
    public FieldType Type;
    public ulong Bits;
    public int StringStart;
    public int StringLength;
}

/// <summary>
/// Per-reader arrays the parser fills for the current line. They grow (rarely, amortized) and are
/// reused, which is what makes parsing allocation-free per line.
/// </summary>
internal sealed class LineScratch
{
    public TagRange[] Tags = new TagRange[16];
    public FieldEntry[] Fields = new FieldEntry[16];
    public int TagCount;
    public int FieldCount;
    public int MeasurementStart;
    public int MeasurementLength;
    public long TimestampNs;
    public bool HasTimestamp;

    public void Reset()
    {
        TagCount = 0;
        FieldCount = 0;
        HasTimestamp = false;
    }

    public ref TagRange AddTag()
    {
        if (TagCount == Tags.Length)
        {
            Array.Resize(ref Tags, Tags.Length * 2);
        }

        return ref Tags[TagCount++];
    }

    public ref FieldEntry AddField()
    {
        if (FieldCount == Fields.Length)
        {
            Array.Resize(ref Fields, Fields.Length * 2);
        }

        return ref Fields[FieldCount++];
    }
}
