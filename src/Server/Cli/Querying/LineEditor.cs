using System.Text;

namespace Engine.Server.Cli.Querying;

/// <summary>
/// Reads one line from a terminal with editing and history: arrows, Home/End, Backspace/Delete,
/// Up/Down through earlier statements, Ctrl+C to drop the line, Ctrl+D on an empty line to quit.
/// </summary>
internal sealed class LineEditor(ReplHistory history)
{
    /// <summary>The line typed, or null at end of input (Ctrl+D on an empty line).</summary>
    public string? ReadLine(string prompt)
    {
        var buffer = new StringBuilder();
        var cursor = 0;
        var recalled = history.Count;
        Console.Write(prompt);
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.WriteLine();
                    return buffer.ToString();
                case ConsoleKey.Backspace when cursor > 0:
                    buffer.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < buffer.Length:
                    buffer.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when cursor > 0:
                    cursor--;
                    break;
                case ConsoleKey.RightArrow when cursor < buffer.Length:
                    cursor++;
                    break;
                case ConsoleKey.Home:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                    cursor = buffer.Length;
                    break;
                case ConsoleKey.UpArrow when recalled > 0:
                    cursor = Replace(buffer, history[--recalled]);
                    break;
                case ConsoleKey.DownArrow when recalled < history.Count:
                    cursor = Replace(buffer, ++recalled < history.Count ? history[recalled] : string.Empty);
                    break;
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && buffer.Length == 0:
                    Console.WriteLine();
                    return null;
                case ConsoleKey.C when key.Modifiers.HasFlag(ConsoleModifiers.Control):
                    Console.WriteLine("^C");
                    return string.Empty;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        buffer.Insert(cursor++, key.KeyChar);
                    }

                    break;
            }

            Redraw(prompt, buffer, cursor);
        }
    }

    private static int Replace(StringBuilder buffer, string text)
    {
        buffer.Clear().Append(text);
        return buffer.Length;
    }

    // Carriage return, prompt and text, erase to the end of the line, then step back to the cursor.
    private static void Redraw(string prompt, StringBuilder buffer, int cursor)
    {
        var back = buffer.Length - cursor;
        Console.Write($"\r{prompt}{buffer}\u001b[K{(back > 0 ? $"\u001b[{back}D" : string.Empty)}");
    }
}
