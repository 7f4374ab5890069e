using Engine.Query.Aggregation;
using Engine.Query.Language;
using Engine.Storage.Model;

namespace Engine.Query.Execution;

/// <summary>One result column of a select, after wildcards are expanded to the measurement's fields.</summary>
internal sealed record OutputColumn(string Name, Expression Expression)
{
    /// <summary>
    /// Expands wildcards (<c>*</c>, <c>max(*)</c>) against the measurement's fields, checks that each
    /// aggregate suits its field's type and names the columns as InfluxQL does: the field, the
    /// function, <c>max_usage_user</c> for an expanded wildcard, <c>max_min</c> for
    /// <c>max(x) - min(x)</c>, and a <c>_1</c> suffix on repeats.
    /// </summary>
    /// <remarks>A raw <c>*</c> also lists <paramref name="tagKeys"/>, sorted together with the fields, as InfluxQL does.</remarks>
    public static IReadOnlyList<OutputColumn> Expand(SelectStatement select, IReadOnlyList<KeyValuePair<string, FieldType>> fields, IReadOnlyList<string> tagKeys)
    {
        List<OutputColumn> columns = [];
        foreach (var field in select.Fields)
        {
            switch (field.Expression)
            {
                case FieldReference { IsWildcard: true } wildcard:
                    columns.AddRange(fields.Select(f => f.Key).Concat(tagKeys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                        .Select(name => new OutputColumn(name, wildcard with { Name = name })));
                    break;
                case AggregateCall { Argument.IsWildcard: true } call:
                    columns.AddRange(fields
                        .Where(f => Applies(call.Function, f.Value))
                        .Select(f => new OutputColumn(
                            $"{field.Alias ?? AggregateNames.Name(call.Function)}_{f.Key}",
                            call with { Argument = call.Argument with { Name = f.Key } })));
                    break;
                default:
                    CheckTypes(field.Expression, fields);
                    columns.Add(new OutputColumn(field.Alias ?? NameOf(field.Expression), field.Expression));
                    break;
            }
        }

        return Deduplicate(columns);
    }

    /// <summary>The aggregate calls a column's expression needs.</summary>
    public IEnumerable<AggregateCall> Calls() => CallsOf(Expression);

    private static IEnumerable<AggregateCall> CallsOf(Expression expression) => expression switch
    {
        AggregateCall call => [call],
        BinaryExpression binary => CallsOf(binary.Left).Concat(CallsOf(binary.Right)),
        _ => [],
    };

    private static bool Applies(AggregateFunction function, FieldType type) =>
        AggregateResult.AppliesToAnyType(function) || NumericBits.IsNumeric(type);

    private static void CheckTypes(Expression expression, IReadOnlyList<KeyValuePair<string, FieldType>> fields)
    {
        foreach (var call in CallsOf(expression))
        {
            if (call.Argument.IsWildcard)
            {
                throw new QueryException(call.Position, "a wildcard cannot be combined with arithmetic; name the field");
            }

            var type = fields.FirstOrDefault(f => f.Key == call.Argument.Name);
            if (type.Key is not null && !Applies(call.Function, type.Value))
            {
                throw new QueryException(
                    call.Position,
                    $"{AggregateNames.Name(call.Function)}() cannot be applied to {type.Value.ToString().ToLowerInvariant()} field \"{call.Argument.Name}\"");
            }
        }
    }

    private static string NameOf(Expression expression) => expression switch
    {
        FieldReference field => field.Name,
        AggregateCall call => AggregateNames.Name(call.Function),
        BinaryExpression binary => string.Join('_', new[] { NameOf(binary.Left), NameOf(binary.Right) }.Where(n => n.Length > 0)),
        _ => string.Empty,
    };

    private static List<OutputColumn> Deduplicate(List<OutputColumn> columns)
    {
        Dictionary<string, int> seen = new(StringComparer.Ordinal);
        return [.. columns.Select(column =>
        {
            var repeats = seen.GetValueOrDefault(column.Name);
            seen[column.Name] = repeats + 1;
            return repeats == 0 ? column : column with { Name = $"{column.Name}_{repeats}" };
        })];
    }
}
