using Dataans.Core.Export;
using Dataans.Core.Import;
using Dataans.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.JSInterop;

namespace Dataans.App.Ui.State;

/// <summary>Describes a failure as one sentence for a toast: never a type dump or stack trace.</summary>
internal static class ErrorText
{
    public static string Describe(Exception exception)
    {
        var text = exception switch
        {
            StoreException or ImportException => exception.Message,
            ArgumentException argument => WithoutParameterName(argument),
            SqliteException => "the database could not be used",
            UnauthorizedAccessException => "permission denied",
            IOException => exception.Message,
            OperationCanceledException => "cancelled",
            JSException => "the browser refused the action",
            _ => $"something unexpected went wrong ({exception.GetType().Name})",
        };
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length == 0 || line[^1] is '.' or '!' or '?' ? line : line + ".";
    }

    private static string WithoutParameterName(ArgumentException exception)
    {
        var suffix = exception.ParamName is null ? null : $" (Parameter '{exception.ParamName}')";
        return suffix is not null && exception.Message.EndsWith(suffix, StringComparison.Ordinal)
            ? exception.Message[..^suffix.Length]
            : exception.Message;
    }
}
