using System.Text.Json;
using Engine.Storage;

namespace Engine.Server.Serving.Config;

/// <summary>
/// The <c>"retention"</c> key of the serve config:
/// <c>{ "rawDays": 30, "hourlyDays": 90, "dailyDays": 365, "measurements": { "cpu": { "rawDays": 7 } } }</c>.
/// A measurement's missing tiers take the default's; tiers must not shrink from raw to daily.
/// </summary>
internal static class RetentionConfig
{
    private static readonly string[] TierKeys = ["rawDays", "hourlyDays", "dailyDays"];

    public static RetentionOptions Parse(JsonElement value, string where)
    {
        ExpectObject(value, where);
        var defaults = new TierRetention();
        var measurements = new Dictionary<string, TierRetention>(StringComparer.Ordinal);
        JsonElement? perMeasurement = null;
        foreach (var property in value.EnumerateObject())
        {
            if (property.Name == "measurements")
            {
                perMeasurement = property.Value;
            }
            else
            {
                defaults = ApplyTier(defaults, property, $"{where}.{property.Name}");
            }
        }

        if (perMeasurement is { } list)
        {
            ExpectObject(list, $"{where}.measurements");
            foreach (var measurement in list.EnumerateObject())
            {
                var path = $"{where}.measurements.{measurement.Name}";
                ExpectObject(measurement.Value, path);
                var tiers = defaults;
                foreach (var property in measurement.Value.EnumerateObject())
                {
                    tiers = ApplyTier(tiers, property, $"{path}.{property.Name}");
                }

                measurements[measurement.Name] = tiers;
            }
        }

        var options = new RetentionOptions { Default = defaults, Measurements = measurements };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ServeConfigException($"{where}: {e.Message}", e);
        }

        return options;
    }

    private static TierRetention ApplyTier(TierRetention tiers, JsonProperty property, string where) => property.Name switch
    {
        "rawDays" => tiers with { Raw = Days(property.Value, where) },
        "hourlyDays" => tiers with { Hourly = Days(property.Value, where) },
        "dailyDays" => tiers with { Daily = Days(property.Value, where) },
        _ => throw new ServeConfigException($"{where}: unknown key (known keys: {string.Join(", ", TierKeys)})"),
    };

    private static TimeSpan Days(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.Number && value.GetDouble() is var days && days > 0 && days <= 36_500
            ? TimeSpan.FromDays(days)
            : throw new ServeConfigException($"{where}: expected a number of days greater than 0 and at most 36500");

    private static void ExpectObject(JsonElement value, string where)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ServeConfigException($"{where}: expected a JSON object");
        }
    }
}
