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
            _ when DiskFull.Is(exception) => "the disk is full, so nothing was saved; free some space and try again",
            StoreException or ImportException => exception.Message,
            ArgumentException argument => ErrorSentences.WithoutParameterName(argument),
            SqliteException => "the database could not be used",
            UnauthorizedAccessException => "permission denied",
            IOException => exception.Message,
            OperationCanceledException => "cancelled",
            JSException => "the browser refused the action",
            _ => $"something unexpected went wrong ({exception.GetType().Name})",
        };
        return ErrorSentences.OneLine(text);
    }
}
