using System.Text.RegularExpressions;

namespace Engine.Query.Language;

/// <summary>A WHERE condition on tags: comparisons combined with AND / OR.</summary>
public abstract record TagCondition;

/// <summary><c>key = 'v'</c>, <c>key != 'v'</c>: a missing tag compares as the empty string, as in InfluxQL.</summary>
public sealed record TagEquals(string Key, string Value, bool Negated) : TagCondition;

/// <summary><c>key =~ /re/</c>, <c>key !~ /re/</c>: unanchored, like InfluxQL.</summary>
public sealed record TagMatches(string Key, Regex Pattern, bool Negated) : TagCondition
{
    // Regex has reference equality; records compare patterns by their text so parsed statements compare.
    public bool Equals(TagMatches? other) =>
        other is not null && Key == other.Key && Negated == other.Negated && Pattern.ToString() == other.Pattern.ToString();

    public override int GetHashCode() => HashCode.Combine(Key, Negated, Pattern.ToString());
}

public sealed record AndCondition(TagCondition Left, TagCondition Right) : TagCondition;

public sealed record OrCondition(TagCondition Left, TagCondition Right) : TagCondition;
