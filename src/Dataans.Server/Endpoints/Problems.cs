using Dataans.Contracts.Sync;

namespace Dataans.Server.Endpoints;

/// <summary>RFC 7807 answers with a stable <c>code</c> extension (see <see cref="ProblemCodes"/>).</summary>
internal static class Problems
{
    public static IResult BadRequest(string detail) =>
        Create(StatusCodes.Status400BadRequest, ProblemCodes.InvalidRequest, "The request is invalid.", detail);

    public static IResult NotFound(string detail) =>
        Create(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found.", detail);

    public static IResult TooLarge(string detail) =>
        Create(StatusCodes.Status413PayloadTooLarge, ProblemCodes.TooLarge, "The request is too large.", detail);

    public static IResult Conflict(string code, string detail, Dictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status409Conflict, code, "The request conflicts with stored data.", detail, extensions);

    public static IResult Create(int status, string code, string title, string detail, Dictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? []) { ["code"] = code };
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: all);
    }
}
