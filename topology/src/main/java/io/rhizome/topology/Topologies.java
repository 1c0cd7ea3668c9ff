/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Opens a {@link Topology}: the one place that knows the implementations. */
public final class Topologies {
  /**
   * Tenants a process keeps cached by default (records of the tenants it served lately, users and
   * verifiers included; a few hundred bytes each).
   */
  public static final long DEFAULT_TENANT_CACHE = TenantCache.DEFAULT_MAXIMUM;

  private Topologies() {}

  /**
   * Joins (or creates, if absent) the cluster stored in etcd under {@code /rhizome/<cluster>/}.
   * Blocks until the cache is loaded.
   */
  public static Topology etcd(List<URI> endpoints, ClusterBootstrap bootstrap)
      throws TopologyException {
    return etcd(endpoints, bootstrap, DEFAULT_TENANT_CACHE);
  }

  /** As {@link #etcd(List, ClusterBootstrap)}, caching at most {@code tenantCacheSize} tenants. */
  public static Topology etcd(List<URI> endpoints, ClusterBootstrap bootstrap, long tenantCacheSize)
      throws TopologyException {
    return etcd(EtcdAccess.of(endpoints), bootstrap, tenantCacheSize);
  }

  /**
   * As {@link #etcd(List, ClusterBootstrap, long)}, reaching etcd as {@code access} says (TLS, a
   * client certificate, a user).
   */
  public static Topology etcd(EtcdAccess access, ClusterBootstrap bootstrap, long tenantCacheSize)
      throws TopologyException {
    return etcd(access, bootstrap, tenantCacheSize, DEFAULT_LEASE_TTL_SECONDS);
  }

  /**
   * As {@link #etcd(EtcdAccess, ClusterBootstrap, long)}, with leases (a node's registration, a
   * move's freeze) of {@code leaseTtlSeconds}: a process that stops renewing is taken for dead that
   * long after its last renewal, which bounds how soon its shards fail over (docs/replication.md).
   */
  public static Topology etcd(
      EtcdAccess access, ClusterBootstrap bootstrap, long tenantCacheSize, long leaseTtlSeconds)
      throws TopologyException {
    if (leaseTtlSeconds < 2) {
      throw new IllegalArgumentException("the lease TTL must be at least 2 seconds");
    }
    return CachedTopology.open(
        new EtcdMetaStore(access, EtcdMetaStore.DEFAULT_CALL_TIMEOUT, leaseTtlSeconds),
        bootstrap,
        tenantCacheSize);
  }

  /** Seconds an etcd lease lives without renewal unless told otherwise. */
  public static final long DEFAULT_LEASE_TTL_SECONDS = EtcdMetaStore.DEFAULT_LEASE_TTL_SECONDS;

  /**
   * Opens (or creates) the single-machine metadata store in {@code dataDir} (a SQLite file beside
   * the shards). One process at a time may open it.
   *
   * @throws TopologyException UNAVAILABLE with "data dir in use" when another process holds it
   */
  public static Topology embedded(Path dataDir, ClusterBootstrap bootstrap)
      throws TopologyException {
    return embedded(dataDir, bootstrap, DEFAULT_TENANT_CACHE);
  }

  /** As {@link #embedded(Path, ClusterBootstrap)}, caching at most {@code tenantCacheSize}. */
  public static Topology embedded(Path dataDir, ClusterBootstrap bootstrap, long tenantCacheSize)
      throws TopologyException {
    return CachedTopology.open(SqliteMetaStore.open(dataDir), bootstrap, tenantCacheSize);
  }
}
