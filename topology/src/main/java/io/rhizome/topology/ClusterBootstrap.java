/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.UserRecord;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a process needs to create the cluster if it is the first to start.
 *
 * @param clusterName name of the cluster (also the etcd key prefix segment)
 * @param shardCount shard count to create the cluster with; ignored when it already exists
 * @param adminUser supplies the admin user's verifier; asked only when the cluster is created, so
 *     processes joining an existing cluster need no admin password. It may throw {@link
 *     IllegalStateException} with a message for the operator when no password was given.
 * @param authMethod the password method to create the cluster with ({@code
 *     AUTH_METHOD_UNSPECIFIED}: SCRAM-SHA-256 at creation, and whatever the cluster has when it
 *     exists). A method named explicitly must match an existing cluster's, or the start fails: a
 *     process asked for SCRAM must not silently serve cleartext passwords.
 * @param replicationFactor copies of every shard, primary included, for a cluster this process
 *     creates (docs/replication.md); like the shard count, ignored when the cluster exists
 */
public record ClusterBootstrap(
    String clusterName,
    int shardCount,
    Supplier<UserRecord> adminUser,
    AuthMethod authMethod,
    int replicationFactor) {
  public static final String DEFAULT_CLUSTER = "default";
  public static final int DEFAULT_SHARD_COUNT = 256;

  /** Most copies of a shard: more would cost every commit a round trip to each for little gain. */
  public static final int MAX_REPLICATION_FACTOR = 5;

  public ClusterBootstrap {
    if (shardCount < 1 || shardCount > 65536) {
      throw new IllegalArgumentException("shard count must be in 1..65536, was " + shardCount);
    }
    Objects.requireNonNull(authMethod, "authMethod");
    if (authMethod == AuthMethod.UNRECOGNIZED) {
      throw new IllegalArgumentException("unrecognized auth method");
    }
    if (replicationFactor < 1 || replicationFactor > MAX_REPLICATION_FACTOR) {
      throw new IllegalArgumentException(
          "replication factor must be in 1.."
              + MAX_REPLICATION_FACTOR
              + ", was "
              + replicationFactor);
    }
  }

  /** A bootstrap whose cluster, if it creates one, keeps one copy of every shard. */
  public ClusterBootstrap(
      String clusterName, int shardCount, Supplier<UserRecord> adminUser, AuthMethod authMethod) {
    this(clusterName, shardCount, adminUser, authMethod, 1);
  }

  /** A bootstrap that leaves the auth method to the cluster (SCRAM-SHA-256 when it is created). */
  public ClusterBootstrap(String clusterName, int shardCount, Supplier<UserRecord> adminUser) {
    this(clusterName, shardCount, adminUser, AuthMethod.AUTH_METHOD_UNSPECIFIED, 1);
  }

  /** The method a cluster created by this bootstrap gets. */
  public AuthMethod creationAuthMethod() {
    return AuthMethods.effective(authMethod);
  }
}
