/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.archive;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An archive in S3-compatible object storage ({@code --archive s3://bucket/prefix}), through the
 * AWS SDK with the JDK's HTTP client. The endpoint (for storage other than AWS), region and
 * credentials come from a properties file ({@code --archive-s3-config}) so that no secret is on a
 * command line; the secret is never logged.
 *
 * <pre>
 *   endpoint = http://127.0.0.1:9000     (optional: AWS when absent)
 *   region = us-east-1
 *   access_key = ...
 *   secret_key = ...
 *   path_style = true                     (optional: buckets in the path, as most self-hosted stores)
 * </pre>
 */
final class S3Target implements ArchiveTarget {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final String described;

  private S3Target(S3Client s3, String bucket, String prefix, String described) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.described = described;
  }

  /**
   * @param location {@code s3://bucket/prefix} (prefix optional)
   * @param config the properties file described above
   */
  static S3Target open(URI location, Path config) throws IOException {
    if (!"s3".equals(location.getScheme()) || location.getHost() == null) {
      throw new IllegalArgumentException("an S3 archive is s3://bucket/prefix, not " + location);
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(config)) {
      p.load(in);
    }
    String access = required(p, "access_key");
    String secret = required(p, "secret_key");
    var builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(p.getProperty("region", "us-east-1")))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
            .forcePathStyle(Boolean.parseBoolean(p.getProperty("path_style", "true")))
            // The SDK's default trailing checksums (aws-chunked uploads) are refused by
            // S3-compatible
            // servers that do not implement them (s3proxy answers 501): checksums only where the
            // operation requires one. The payload is still signed (SigV4) or sent over TLS.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    String endpoint = p.getProperty("endpoint");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint.trim()));
    }
    String path = location.getPath() == null ? "" : location.getPath();
    String prefix = path.replaceAll("^/+", "");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix += "/";
    }
    return new S3Target(
        builder.build(),
        location.getHost(),
        prefix,
        "s3://" + location.getHost() + "/" + prefix + (endpoint == null ? "" : " at " + endpoint));
  }

  private static String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the S3 archive configuration lacks " + key);
    }
    return value.trim();
  }

  @Override
  public void put(String key, byte[] data) throws IOException {
    try {
      s3.putObject(
          PutObjectRequest.builder().bucket(bucket).key(prefix + key).build(),
          RequestBody.fromBytes(data));
    } catch (SdkException e) {
      throw new IOException("S3 put of " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void put(String key, Path file) throws IOException {
    try {
      s3.putObject(
          PutObjectRequest.builder().bucket(bucket).key(prefix + key).build(),
          RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw new IOException("S3 put of " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(String key) throws IOException {
    try {
      return s3.getObjectAsBytes(
              GetObjectRequest.builder().bucket(bucket).key(prefix + key).build())
          .asByteArray();
    } catch (SdkException e) {
      throw new IOException("S3 get of " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void download(String key, Path file) throws IOException {
    Files.write(file, get(key));
  }

  @Override
  public List<String> list(String keyPrefix) throws IOException {
    List<String> keys = new ArrayList<>();
    String token = null;
    try {
      do {
        ListObjectsV2Response page =
            s3.listObjectsV2(
                ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(prefix + keyPrefix)
                    .continuationToken(token)
                    .build());
        for (S3Object o : page.contents()) {
          keys.add(o.key().substring(prefix.length()));
        }
        token = page.isTruncated() ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      throw new IOException("S3 listing of " + keyPrefix + " failed: " + e.getMessage(), e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(prefix + key).build());
    } catch (SdkException e) {
      throw new IOException("S3 delete of " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return described;
  }

  @Override
  public void close() {
    s3.close();
  }
}
