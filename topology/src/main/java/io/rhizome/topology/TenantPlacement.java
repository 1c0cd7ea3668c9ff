/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a new tenant goes: on the shard its name hashes to (the default), or alone on a private
 * shard of its own, numbered from the shard count up, so it can be moved without moving anyone
 * else. A private shard may be pinned to a node; otherwise it goes to the least loaded live node.
 *
 * @param privateShard whether the tenant gets a private shard of its own
 * @param node the node a private shard is placed on; empty for the least loaded one
 * @param replicationFactor copies of a private shard, primary included; 0 = the cluster's
 */
public record TenantPlacement(boolean privateShard, Optional<String> node, int replicationFactor) {
  private static final TenantPlacement HASHED = new TenantPlacement(false, Optional.empty(), 0);

  public TenantPlacement {
    Objects.requireNonNull(node, "node");
    if (!privateShard && node.isPresent()) {
      throw new IllegalArgumentException(
          "only a tenant with its own shard can be pinned to a node");
    }
    if (!privateShard && replicationFactor != 0) {
      throw new IllegalArgumentException(
          "only a tenant with its own shard can have a replication factor of its own");
    }
    if (replicationFactor < 0 || replicationFactor > ClusterBootstrap.MAX_REPLICATION_FACTOR) {
      throw new IllegalArgumentException(
          "replication factor must be in 1.."
              + ClusterBootstrap.MAX_REPLICATION_FACTOR
              + ", was "
              + replicationFactor);
    }
  }

  public TenantPlacement(boolean privateShard, Optional<String> node) {
    this(privateShard, node, 0);
  }

  /** This private shard placement with {@code factor} copies (primary included). */
  public TenantPlacement withReplicationFactor(int factor) {
    if (factor < 1) {
      throw new IllegalArgumentException("replication factor must be at least 1, was " + factor);
    }
    return new TenantPlacement(privateShard, node, factor);
  }

  /** On the shard the tenant's name hashes to, shared with other tenants. */
  public static TenantPlacement hashed() {
    return HASHED;
  }

  /** On a private shard placed on the least loaded live node. */
  public static TenantPlacement ownShard() {
    return new TenantPlacement(true, Optional.empty());
  }

  /** On a private shard placed on {@code nodeId}, which must be live and not draining. */
  public static TenantPlacement ownShardOn(String nodeId) {
    return new TenantPlacement(true, Optional.of(Objects.requireNonNull(nodeId, "nodeId")));
  }
}
