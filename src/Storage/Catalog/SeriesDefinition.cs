using Engine.Storage.Model;

namespace Engine.Storage.Catalog;

/// <summary>Everything that identifies a series: what a WAL definition record carries.</summary>
internal readonly record struct SeriesDefinition(uint Id, byte[] TagSetKey, string FieldKey, FieldType Type);
