using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Dataans.Server.Configuration;

namespace Dataans.Server.Storage.S3;

/// <summary>
/// An S3 client that works with AWS, R2, MinIO, Tigris and s3rver alike. AWSSDK.S3 v4 sends
/// <c>aws-chunked</c> bodies and flexible checksums by default; some S3-compatible servers store the
/// chunk framing as data and still answer 200 (silent corruption), so checksums are only sent when
/// required and uploads are unchunked.
/// </summary>
internal static class S3ClientFactory
{
    public static IAmazonS3 Create(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            AuthenticationRegion = options.Region,
        };
        if (options.ServiceUrl is { Length: > 0 } url)
        {
            config.ServiceURL = url;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        return options.AccessKey is { Length: > 0 }
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }
}
