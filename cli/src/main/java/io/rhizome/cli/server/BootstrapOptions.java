/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.gateway.auth.ScramVerifiers;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.ClusterBootstrap;
import picocli.CommandLine.Option;

/** Flags that matter only when this process is the one that creates the cluster. */
public final class BootstrapOptions {
  /** Environment variable holding the cluster admin's password at cluster creation. */
  public static final String ADMIN_PASSWORD_ENV = "RHIZOME_ADMIN_PASSWORD";

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

  /**
   * The bootstrap; the admin verifier is derived from {@value #ADMIN_PASSWORD_ENV} only if this
   * process creates the cluster, so joining processes need no password.
   */
  ClusterBootstrap bootstrap() {
    return new ClusterBootstrap(cluster, shards, BootstrapOptions::adminFromEnvironment);
  }

  private static UserRecord adminFromEnvironment() {
    String password = System.getenv(ADMIN_PASSWORD_ENV);
    if (password == null || password.isEmpty()) {
      throw new IllegalStateException(
          "this process is creating a new cluster: set "
              + ADMIN_PASSWORD_ENV
              + " to the password the cluster admin ('"
              + ADMIN_USER
              + "') will use");
    }
    return UserRecord.newBuilder()
        .setFormat(1)
        .setName(ADMIN_USER)
        .setScram(ScramVerifiers.derive(password))
        .build();
  }
}
