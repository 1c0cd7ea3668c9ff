/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.gateway.auth.UserCredentials;
import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.AuthMethods;
import io.rhizome.topology.ClusterBootstrap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Flags that matter only when this process is the one that creates the cluster. */
public final class BootstrapOptions {
  /** Environment variable holding the cluster admin's password at cluster creation. */
  public static final String ADMIN_PASSWORD_ENV = "RHIZOME_ADMIN_PASSWORD";

  /**
   * Environment variable naming a file that holds the password instead (its first line), as a
   * Kubernetes Secret or a systemd credential is mounted; used when {@value #ADMIN_PASSWORD_ENV} is
   * not set.
   */
  public static final String ADMIN_PASSWORD_FILE_ENV = "RHIZOME_ADMIN_PASSWORD_FILE";

  /** The admin console's user name. */
  public static final String ADMIN_USER = "admin";

  @Option(
      names = "--cluster",
      defaultValue = ClusterBootstrap.DEFAULT_CLUSTER,
      description = "Cluster name; separates clusters sharing one etcd. Default: ${DEFAULT-VALUE}.")
  String cluster;

  @Option(
      names = "--shards",
      defaultValue = "" + ClusterBootstrap.DEFAULT_SHARD_COUNT,
      description =
          "Shard count, fixed when the cluster (or standalone data dir) is first created and"
              + " ignored after. Default: ${DEFAULT-VALUE}.")
  int shards;

  @Option(
      names = "--replication-factor",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Copies of every shard, primary included (1 to "
              + ClusterBootstrap.MAX_REPLICATION_FACTOR
              + "); a commit is acknowledged once every in-sync copy has it (docs/replication.md)."
              + " Fixed when the cluster is first created, like --shards. Default: ${DEFAULT-VALUE}.")
  int replicationFactor;

  @Option(
      names = "--auth-method",
      paramLabel = "METHOD",
      converter = AuthMethodConverter.class,
      description =
          "How clients prove their password: scram-sha-256 (the default), md5, or password"
              + " (cleartext; only with --tls-required). Chosen when this process creates the"
              + " cluster (or standalone data dir); the cluster keeps it, and a process naming"
              + " another method than the cluster's refuses to start.")
  AuthMethod authMethod;

  /**
   * The bootstrap; the admin verifier is derived from {@value #ADMIN_PASSWORD_ENV} only if this
   * process creates the cluster, so joining processes need no password.
   */
  ClusterBootstrap bootstrap() {
    AuthMethod requested = authMethod == null ? AuthMethod.AUTH_METHOD_UNSPECIFIED : authMethod;
    AuthMethod created = AuthMethods.effective(requested);
    return new ClusterBootstrap(
        cluster, shards, () -> adminFromEnvironment(created), requested, replicationFactor);
  }

  private static UserRecord adminFromEnvironment(AuthMethod method) {
    String password = System.getenv(ADMIN_PASSWORD_ENV);
    String file = System.getenv(ADMIN_PASSWORD_FILE_ENV);
    if ((password == null || password.isEmpty()) && file != null && !file.isEmpty()) {
      password = firstLine(Path.of(file));
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalStateException(
          "this process is creating a new cluster: set "
              + ADMIN_PASSWORD_ENV
              + " (or "
              + ADMIN_PASSWORD_FILE_ENV
              + ", a file holding it) to the password the cluster admin ('"
              + ADMIN_USER
              + "') will use");
    }
    return UserCredentials.forPassword(ADMIN_USER, password, method);
  }

  private static String firstLine(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return lines.isEmpty() ? "" : lines.get(0);
    } catch (IOException e) {
      // The path, not the content, goes into the message.
      throw new IllegalStateException(
          ADMIN_PASSWORD_FILE_ENV + " names a file that cannot be read: " + file, e);
    }
  }

  /** Reads the pg_hba.conf names of the auth methods. */
  static final class AuthMethodConverter implements ITypeConverter<AuthMethod> {
    @Override
    public AuthMethod convert(String value) {
      try {
        return AuthMethods.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
