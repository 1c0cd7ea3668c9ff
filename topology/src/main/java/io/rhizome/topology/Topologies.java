/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Opens a {@link Topology}: the one place that knows the implementations. */
public final class Topologies {
  private Topologies() {}

  /**
   * Joins (or creates, if absent) the cluster stored in etcd under {@code /rhizome/<cluster>/}.
   * Blocks until the cache is loaded.
   */
  public static Topology etcd(List<URI> endpoints, ClusterBootstrap bootstrap)
      throws TopologyException {
    return etcd(EtcdAccess.of(endpoints), bootstrap);
  }

  /** Like {@link #etcd(List, ClusterBootstrap)} with TLS and a user as {@code access} says. */
  public static Topology etcd(EtcdAccess access, ClusterBootstrap bootstrap)
      throws TopologyException {
    return CachedTopology.open(new EtcdMetaStore(access), bootstrap);
  }

  /**
   * Opens (or creates) the single-machine metadata store in {@code dataDir} (a SQLite file beside
   * the shards). One process at a time may open it.
   *
   * @throws TopologyException UNAVAILABLE with "data dir in use" when another process holds it
   */
  public static Topology embedded(Path dataDir, ClusterBootstrap bootstrap)
      throws TopologyException {
    return CachedTopology.open(SqliteMetaStore.open(dataDir), bootstrap);
  }
}
