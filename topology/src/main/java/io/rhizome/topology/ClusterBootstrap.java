/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.UserRecord;
import java.util.function.Supplier;

/**
 * What a process needs to create the cluster if it is the first to start.
 *
 * @param clusterName name of the cluster (also the etcd key prefix segment)
 * @param shardCount shard count to create the cluster with; ignored when it already exists
 * @param adminUser supplies the admin user's verifier; asked only when the cluster is created, so
 *     processes joining an existing cluster need no admin password. It may throw {@link
 *     IllegalStateException} with a message for the operator when no password was given.
 */
public record ClusterBootstrap(String clusterName, int shardCount, Supplier<UserRecord> adminUser) {
  public static final String DEFAULT_CLUSTER = "default";
  public static final int DEFAULT_SHARD_COUNT = 256;

  public ClusterBootstrap {
    if (shardCount < 1 || shardCount > 65536) {
      throw new IllegalArgumentException("shard count must be in 1..65536, was " + shardCount);
    }
  }
}
