namespace Engine.Query.Planning;

/// <summary>Answers "is any hour in [from, to) pending?" over sorted pending hours, for ranges asked in increasing order.</summary>
internal struct PendingHourCursor(long[] sortedHours)
{
    private int _next;

    public bool AnyBetween(long fromHour, long toHour)
    {
        while (_next < sortedHours.Length && sortedHours[_next] < fromHour)
        {
            _next++;
        }

        return _next < sortedHours.Length && sortedHours[_next] < toHour;
    }
}
