/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.util.Optional;

/** The metadata keys of one cluster, all under {@code /rhizome/<cluster>/} (see package docs). */
final class KeyLayout {
  /** What a key under the cluster root holds. */
  enum Kind {
    CLUSTER,
    CLUSTER_CREATING,
    ADMIN,
    SHARD,
    NODE,
    TENANT,
    MOVE,
    FREEZE,
    DRAIN,
    RELOCATION
  }

  /** A key split into its kind and the id after the kind's prefix ("" for singletons). */
  record Parsed(Kind kind, String id) {}

  private static final String CLUSTER = "cluster";
  private static final String CLUSTER_CREATING = "cluster-creating";
  private static final String ADMIN = "admin";
  private static final String SHARDS = "shards/";
  private static final String NODES = "nodes/";
  private static final String TENANTS = "tenants/";
  private static final String MOVES = "moves/";
  private static final String FREEZES = "freezes/";
  private static final String DRAINS = "drains/";
  private static final String RELOCATIONS = "relocations/";

  private final String root;

  KeyLayout(String clusterName) {
    this.root = "/rhizome/" + clusterName + "/";
  }

  String root() {
    return root;
  }

  String cluster() {
    return root + CLUSTER;
  }

  /**
   * Lease-bound claim held while one process creates the cluster. It shares the {@link #cluster()}
   * prefix so one watch on that prefix sees both the claim going away and the cluster appearing.
   */
  String clusterCreating() {
    return root + CLUSTER_CREATING;
  }

  String admin() {
    return root + ADMIN;
  }

  String shardsPrefix() {
    return root + SHARDS;
  }

  /** Zero-padded to 5 digits so keys sort in shard order (shard counts stop at 65536). */
  String shard(int shard) {
    return root + SHARDS + padded(shard);
  }

  /** The shard's current or last move (one record per shard, so two moves can never overlap). */
  String move(int shard) {
    return root + MOVES + padded(shard);
  }

  String movesPrefix() {
    return root + MOVES;
  }

  /** The shard's freeze, lease-bound to its mover. */
  String freeze(int shard) {
    return root + FREEZES + padded(shard);
  }

  String drain(String nodeId) {
    return root + DRAINS + nodeId;
  }

  /**
   * Marks {@code shard} as one that {@code tenant} is being relocated out of or into (see {@link
   * Topology#beginRelocation}): such a shard must not move, and a move checks this prefix instead
   * of reading every tenant record.
   */
  String relocation(int shard, String tenant) {
    return relocationsOf(shard) + tenant;
  }

  /** The relocation marks of one shard. */
  String relocationsOf(int shard) {
    return root + RELOCATIONS + padded(shard) + "/";
  }

  private static String padded(int shard) {
    return String.format("%05d", shard);
  }

  String nodesPrefix() {
    return root + NODES;
  }

  String node(String nodeId) {
    return root + NODES + nodeId;
  }

  /**
   * The tenant records. Their prefix sorts after every other prefix of the cluster, so the map
   * without the tenants is the one key range [{@link #root()}, this): {@code VersionedCache} loads
   * it in one read however many tenants there are. A new kind of key must sort before it ({@code
   * KeyLayoutTest} checks).
   */
  String tenantsPrefix() {
    return root + TENANTS;
  }

  /** The end of the cluster's key range. */
  String end() {
    return MetaStore.prefixEnd(root);
  }

  String tenant(String name) {
    return root + TENANTS + name;
  }

  /** Classifies a key of this cluster; empty for keys this version does not know. */
  Optional<Parsed> parse(String key) {
    if (!key.startsWith(root)) {
      return Optional.empty();
    }
    String rest = key.substring(root.length());
    if (rest.equals(CLUSTER)) {
      return Optional.of(new Parsed(Kind.CLUSTER, ""));
    }
    if (rest.equals(CLUSTER_CREATING)) {
      return Optional.of(new Parsed(Kind.CLUSTER_CREATING, ""));
    }
    if (rest.equals(ADMIN)) {
      return Optional.of(new Parsed(Kind.ADMIN, ""));
    }
    if (rest.startsWith(SHARDS)) {
      return shardKey(Kind.SHARD, rest.substring(SHARDS.length()));
    }
    if (rest.startsWith(MOVES)) {
      return shardKey(Kind.MOVE, rest.substring(MOVES.length()));
    }
    if (rest.startsWith(FREEZES)) {
      return shardKey(Kind.FREEZE, rest.substring(FREEZES.length()));
    }
    if (rest.startsWith(DRAINS) && rest.length() > DRAINS.length()) {
      return Optional.of(new Parsed(Kind.DRAIN, rest.substring(DRAINS.length())));
    }
    if (rest.startsWith(NODES) && rest.length() > NODES.length()) {
      return Optional.of(new Parsed(Kind.NODE, rest.substring(NODES.length())));
    }
    if (rest.startsWith(RELOCATIONS)) {
      String mark = rest.substring(RELOCATIONS.length());
      int slash = mark.indexOf('/');
      return slash == 5 && shardKey(Kind.RELOCATION, mark.substring(0, 5)).isPresent()
          ? Optional.of(new Parsed(Kind.RELOCATION, mark))
          : Optional.empty();
    }
    if (rest.startsWith(TENANTS) && rest.length() > TENANTS.length()) {
      return Optional.of(new Parsed(Kind.TENANT, rest.substring(TENANTS.length())));
    }
    return Optional.empty();
  }

  private static Optional<Parsed> shardKey(Kind kind, String digits) {
    return digits.length() == 5 && digits.chars().allMatch(c -> c >= '0' && c <= '9')
        ? Optional.of(new Parsed(kind, digits))
        : Optional.empty();
  }
}
