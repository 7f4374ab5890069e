namespace Engine.Storage.Model;

/// <summary>
/// The value type of a field. Persisted in WAL records, chunk headers and the catalog:
/// the numbers are part of the file format and are never reused.
/// </summary>
public enum FieldType : byte
{
    Float = 1,
    Integer = 2,
    Unsigned = 3,
    Boolean = 4,
    String = 5,
}
