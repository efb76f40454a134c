using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Dataans.Server.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dataans.Server.Storage;

/// <summary>
/// Why a store could not be opened at start, as one sentence that names the setting and what refused
/// (dataans-server prints it and exits with code 2); null when the exception is not such a failure.
/// </summary>
internal static class StorageFailures
{
    public static string? DescribeDatabase(Exception exception, StorageOptions options) => options.UsesPostgres
        ? DescribePostgres(exception, options)
        : DescribeSqlite(exception, options);

    public static string? DescribeFiles(Exception exception, StorageOptions options) => options.UsesS3
        ? DescribeS3(exception, options.S3)
        : exception is IOException or UnauthorizedAccessException
            ? $"The files folder '{options.ResolvedFilesDir}' (--files-dir, default <data dir>/files) cannot be used: {FolderReason(options.ResolvedFilesDir, exception)}"
            : null;

    private static string? DescribeSqlite(Exception exception, StorageOptions options) => exception switch
    {
        IOException or UnauthorizedAccessException =>
            $"The data folder '{options.ResolvedDataDir}' (--data-dir) cannot be used: {FolderReason(options.ResolvedDataDir, exception)}",
        SqliteException sqlite =>
            $"The database '{options.SqlitePath}' (--data-dir) cannot be used: {Reason(sqlite)}",
        InvalidOperationException { InnerException: SqliteException sqlite } =>
            $"The database '{options.SqlitePath}' (--data-dir) cannot be used: {Reason(sqlite)}",
        _ => null,
    };

    private static string? DescribePostgres(Exception exception, StorageOptions options)
    {
        var connection = new NpgsqlConnectionStringBuilder(options.Postgres);
        var server = $"PostgreSQL at {connection.Host}:{connection.Port}";
        return exception switch
        {
            PostgresException { SqlState: "28P01" } =>
                $"{server} refused the password of user '{connection.Username}' (--postgres).",
            PostgresException { SqlState: "3D000" } =>
                $"{server} has no database '{connection.Database}' (--postgres); create it first.",
            PostgresException { SqlState: "28000" } postgres =>
                $"{server} refused user '{connection.Username}' (--postgres): {postgres.MessageText.TrimEnd('.')}.",
            PostgresException postgres =>
                $"{server} refused to open the database (--postgres): {postgres.MessageText.TrimEnd('.')}.",
            NpgsqlException { InnerException: SocketException or TimeoutException or IOException } unreachable =>
                $"{server} (--postgres) is unreachable: {Reason(unreachable.InnerException!)}",
            NpgsqlException npgsql => $"{server} (--postgres) cannot be used: {Reason(npgsql)}",
            InvalidOperationException { InnerException: PostgresException or NpgsqlException } migration =>
                DescribePostgres(migration.InnerException!, options),
            _ => null,
        };
    }

    private static string? DescribeS3(Exception exception, S3StorageOptions s3)
    {
        var at = s3.ServiceUrl is { Length: > 0 } url ? url : $"AWS ({s3.Region})";
        return exception switch
        {
            AmazonS3Exception { ErrorCode: "NoSuchBucket" } =>
                $"The S3 bucket '{s3.Bucket}' (--s3-bucket) does not exist at {at}; create it first.",
            AmazonS3Exception { ErrorCode: "InvalidAccessKeyId" } =>
                $"{at} does not know the S3 access key (--s3-access-key) used for bucket '{s3.Bucket}'.",
            AmazonS3Exception { ErrorCode: "SignatureDoesNotMatch" } =>
                $"{at} refused the S3 secret key (--s3-secret-key) for bucket '{s3.Bucket}': the signature does not match.",
            AmazonS3Exception { ErrorCode: "AccessDenied" } =>
                $"{at} denied access to bucket '{s3.Bucket}' (--s3-bucket): the key may not list it.",
            AmazonS3Exception s3Error =>
                $"{at} refused bucket '{s3.Bucket}' (--s3-bucket): {s3Error.ErrorCode ?? ((int)s3Error.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)} {Reason(s3Error)}",
            AmazonClientException { InnerException: HttpRequestException http } => $"The S3 endpoint {at} (--s3-endpoint) is unreachable: {Reason(http)}",
            HttpRequestException http => $"The S3 endpoint {at} (--s3-endpoint) is unreachable: {Reason(http)}",
            AmazonClientException credentials when credentials.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase) =>
                $"No S3 credentials for bucket '{s3.Bucket}': give --s3-access-key and --s3-secret-key (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).",
            AmazonClientException client => $"The S3 store at {at} cannot be used: {Reason(client)}",
            IOException or UnauthorizedAccessException => $"The S3 upload spool folder cannot be used: {Reason(exception)}",
            _ => null,
        };
    }

    /// <summary>"'/srv/x' is a file, not a folder." when a part of the path is a file; else the exception's reason.</summary>
    private static string FolderReason(string folder, Exception exception)
    {
        for (var path = folder; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path))
            {
                return $"'{path}' is a file, not a folder.";
            }
        }

        return Reason(exception);
    }

    /// <summary>An exception's first line, ending with one full stop.</summary>
    private static string Reason(Exception exception) => StartupErrors.Sentence(exception.Message);
}

/// <summary>A store could not be opened at start; the message is the one sentence to print.</summary>
internal sealed class StorageUnusableException(string message, Exception inner) : Exception(message, inner);
