/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import com.google.protobuf.InvalidProtocolBufferException;
import io.rhizome.proto.ClusterRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.MetaStore.Compare;
import io.rhizome.topology.MetaStore.Entry;
import io.rhizome.topology.MetaStore.Event;
import io.rhizome.topology.MetaStore.Lease;
import io.rhizome.topology.MetaStore.Put;
import io.rhizome.topology.MetaStore.Snapshot;
import io.rhizome.topology.MetaStore.Txn;
import io.rhizome.topology.MetaStore.TxnResult;
import io.rhizome.topology.TopologyException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates a cluster exactly once, however many processes start against an empty store together. */
final class ClusterCreation {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterCreation.class);

  /** How long a process waits for another process that is creating the cluster. */
  private static final Duration BOOTSTRAP_WAIT = Duration.ofSeconds(30);

  private ClusterCreation() {}

  /**
   * Returns the cluster record, creating it (with the admin user) when absent. One process at a
   * time holds a lease-bound claim while it creates, so the admin supplier (which may derive a
   * verifier or ask for a password) runs at most once across all processes starting together.
   */
  static ClusterRecord ensure(MetaStore store, KeyLayout keys, ClusterBootstrap bootstrap)
      throws TopologyException {
    long deadline = System.nanoTime() + BOOTSTRAP_WAIT.toNanos();
    while (true) {
      Snapshot snapshot = store.list(keys.cluster());
      for (Entry e : snapshot.entries()) {
        if (e.key().equals(keys.cluster())) {
          return parseCluster(keys, e);
        }
      }
      Optional<ClusterRecord> created = tryCreateCluster(store, keys, bootstrap);
      if (created.isPresent()) {
        return created.get();
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new TopologyException(
            Reason.UNAVAILABLE,
            "another process has been creating cluster "
                + bootstrap.clusterName()
                + " for "
                + BOOTSTRAP_WAIT.toSeconds()
                + " s without finishing");
      }
      awaitChange(store, keys.cluster(), snapshot.revision() + 1, remaining);
    }
  }

  private static Optional<ClusterRecord> tryCreateCluster(
      MetaStore store, KeyLayout keys, ClusterBootstrap bootstrap) throws TopologyException {
    Lease claim =
        store.grantLease(
            (id, reason) -> LOG.warn("lost the claim to create the cluster: {}", reason));
    try {
      TxnResult claimed =
          store.txn(
              new Txn(
                  List.of(Compare.absent(keys.cluster()), Compare.absent(keys.clusterCreating())),
                  List.of(
                      new Put(
                          keys.clusterCreating(),
                          ("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8),
                          claim.id())),
                  List.of()));
      if (!claimed.succeeded()) {
        return Optional.empty();
      }
      UserRecord adminUser =
          Objects.requireNonNull(bootstrap.adminUser().get(), "admin user supplier returned null");
      ClusterRecord record =
          ClusterRecord.newBuilder()
              .setFormat(Records.RECORD_FORMAT)
              .setName(bootstrap.clusterName())
              .setShardCount(bootstrap.shardCount())
              .setHashVersion(TenantHashing.V1)
              .setCreatedUnixMs(System.currentTimeMillis())
              .setAuthMethod(bootstrap.creationAuthMethod())
              .setReplicationFactor(bootstrap.replicationFactor())
              .build();
      TxnResult created =
          store.txn(
              new Txn(
                  List.of(Compare.absent(keys.cluster())),
                  List.of(
                      Put.of(keys.cluster(), record.toByteArray()),
                      Put.of(
                          keys.admin(),
                          adminUser.toBuilder()
                              .setFormat(Records.RECORD_FORMAT)
                              .build()
                              .toByteArray())),
                  List.of(keys.clusterCreating())));
      if (!created.succeeded()) {
        return Optional.empty();
      }
      LOG.info(
          "created cluster {} with {} shards, replication factor {}, auth method {}",
          record.getName(),
          record.getShardCount(),
          record.getReplicationFactor(),
          AuthMethods.pgName(record.getAuthMethod()));
      return Optional.of(record);
    } finally {
      Quietly.revoke(claim, "cluster creation claim");
    }
  }

  /** Waits until something changes under {@code prefix} at or after {@code fromRevision}. */
  private static void awaitChange(MetaStore store, String prefix, long fromRevision, long nanos)
      throws TopologyException {
    CountDownLatch changed = new CountDownLatch(1);
    AutoCloseable w =
        store.watch(
            prefix,
            fromRevision,
            new MetaStore.WatchListener() {
              @Override
              public void onEvents(List<Event> events) {
                changed.countDown();
              }

              @Override
              public void onResyncNeeded(String reason) {
                changed.countDown();
              }
            });
    try {
      changed.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopologyException(Reason.UNAVAILABLE, "interrupted while waiting for cluster", e);
    } finally {
      Quietly.closeWatch(w);
    }
  }

  private static ClusterRecord parseCluster(KeyLayout keys, Entry e) throws TopologyException {
    try {
      return ClusterRecord.parseFrom(e.value());
    } catch (InvalidProtocolBufferException ex) {
      throw new TopologyException(
          Reason.INCOMPATIBLE, "the cluster record at " + keys.cluster() + " is unreadable", ex);
    }
  }
}
