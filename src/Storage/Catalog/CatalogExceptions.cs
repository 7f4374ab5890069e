using Engine.Storage.Model;

namespace Engine.Storage.Catalog;

/// <summary>A field was written with a type other than the one its series has.</summary>
public sealed class FieldTypeConflictException : Exception
{
    public FieldTypeConflictException(Series series, FieldType attempted)
        : base($"field type conflict: field \"{series.FieldKey}\" of {series.TagSet} is {series.Type.ToString().ToLowerInvariant()}, " +
               $"got {attempted.ToString().ToLowerInvariant()}")
    {
    }

    public FieldTypeConflictException()
    {
    }

    public FieldTypeConflictException(string message) : base(message)
    {
    }

    public FieldTypeConflictException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>Creating a series would exceed the configured series limit.</summary>
public sealed class SeriesLimitException : Exception
{
    public SeriesLimitException(long limit, TagSet tagSet, string fieldKey)
        : base($"series limit of {limit} reached: cannot create {tagSet}#{fieldKey} (raise MaxSeries)")
    {
    }

    public SeriesLimitException()
    {
    }

    public SeriesLimitException(string message) : base(message)
    {
    }

    public SeriesLimitException(string message, Exception inner) : base(message, inner)
    {
    }
}
