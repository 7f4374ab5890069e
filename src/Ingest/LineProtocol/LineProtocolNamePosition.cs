namespace Engine.Ingest.LineProtocol;

/// <summary>Where a name appears in a line; each position has its own escaping and restrictions.</summary>
public enum LineProtocolNamePosition
{
    Measurement,
    TagKey,
    TagValue,
    FieldKey,
}
