/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.NodeRecord;
import io.rhizome.topology.MetaStore.Lease;
import io.rhizome.topology.MetaStore.Put;
import io.rhizome.topology.MetaStore.Txn;
import io.rhizome.topology.MetaStore.TxnResult;
import io.rhizome.topology.TopologyException.Reason;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's node registrations: each node key is held under a lease, put again under a new
 * lease when the old one is lost, and released (lease revoked) when the node or the topology
 * closes.
 */
final class NodeRegistrations {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRegistrations.class);

  private final MetaStore store;
  private final KeyLayout keys;
  private final VersionedCache cache;
  private final RetryScheduler retries;

  private final Set<Registration> open = ConcurrentHashMap.newKeySet();

  NodeRegistrations(MetaStore store, KeyLayout keys, VersionedCache cache, RetryScheduler retries) {
    this.store = store;
    this.keys = keys;
    this.cache = cache;
    this.retries = retries;
  }

  /** Registers a node whose id the caller has validated. */
  NodeRegistration register(NodeRecord node) throws TopologyException {
    NodeRecord record =
        node.getFormat() == 0 ? node.toBuilder().setFormat(Records.RECORD_FORMAT).build() : node;
    Registration registration = new Registration(record);
    registration.register();
    open.add(registration);
    return registration;
  }

  /**
   * Releases every registration still open, revoking leases only while the store answers: once one
   * revoke goes unanswered, the rest are left to expire rather than each waiting in turn.
   */
  void releaseAll() {
    boolean storeAnswers = true;
    for (Registration r : List.copyOf(open)) {
      storeAnswers = r.release(storeAnswers) && storeAnswers;
    }
  }

  /**
   * A node's key under a lease. The put is unconditional so a node restarting after a crash takes
   * its id back at once instead of waiting for the dead process's lease to expire. If the lease is
   * lost anyway (a partition longer than the TTL), the node registers again with a new lease.
   */
  private final class Registration implements NodeRegistration, MetaStore.LeaseLostListener {
    private final NodeRecord record;
    private final String key;
    private Lease lease;
    private boolean released;

    Registration(NodeRecord record) {
      this.record = record;
      this.key = keys.node(record.getId());
    }

    void register() throws TopologyException {
      Lease fresh = store.grantLease(this);
      TxnResult result;
      try {
        result =
            store.txn(
                new Txn(
                    List.of(), List.of(new Put(key, record.toByteArray(), fresh.id())), List.of()));
      } catch (TopologyException | RuntimeException e) {
        Quietly.revoke(fresh, "node " + record.getId());
        throw e;
      }
      boolean stale;
      synchronized (this) {
        stale = released;
        if (!stale) {
          lease = fresh;
        }
      }
      if (stale) {
        // Outside the monitor: close() must not wait on a store call made here.
        Quietly.revoke(fresh, "node " + record.getId());
        return;
      }
      cache.learnNode(record.getId(), record, result.revision());
      LOG.info("node {} registered at {}", record.getId(), record.getAddress());
    }

    @Override
    public void onLeaseLost(long leaseId, String reason) {
      synchronized (this) {
        if (released || lease == null || lease.id() != leaseId) {
          return;
        }
        lease = null;
      }
      LOG.warn(
          "node {} lost its registration lease ({}); registering again", record.getId(), reason);
      scheduleRegister(0);
    }

    private void scheduleRegister(int attempt) {
      try {
        retries.schedule(
            attempt,
            () -> {
              synchronized (this) {
                // The topology closes its cache first, so a closed cache means a closing topology.
                if (released || cache.isClosed()) {
                  return;
                }
              }
              try {
                register();
              } catch (TopologyException | RuntimeException e) {
                LOG.warn(
                    "registering node {} again failed (attempt {}): {}; retrying",
                    record.getId(),
                    attempt + 1,
                    e.getMessage());
                scheduleRegister(attempt + 1);
              }
            });
      } catch (RejectedExecutionException shuttingDown) {
        LOG.debug("not registering node {} again: topology is closing", record.getId());
      }
    }

    @Override
    public void close() {
      release(true);
    }

    /**
     * Ends the registration, revoking its lease when {@code revoke} (else the lease is left to
     * expire).
     *
     * @return false when a lease was left to expire because the store did not answer (or, with
     *     {@code revoke} false, was not asked)
     */
    boolean release(boolean revoke) {
      Lease held;
      synchronized (this) {
        if (released) {
          return true;
        }
        released = true;
        held = lease;
        lease = null;
      }
      open.remove(this);
      if (held == null) {
        return true;
      }
      if (!revoke) {
        LOG.warn(
            "not revoking the lease of node {}: the store is unreachable; it leaves the map when"
                + " the lease expires",
            record.getId());
        return false;
      }
      try {
        long revision = held.revoke();
        if (revision > 0) {
          cache.learnNodeDeleted(record.getId(), revision);
        }
        LOG.info("node {} deregistered", record.getId());
        return true;
      } catch (TopologyException e) {
        LOG.warn(
            "could not revoke the lease of node {}: {}; it leaves the map when the lease expires",
            record.getId(),
            e.getMessage());
        return e.reason() != Reason.UNAVAILABLE;
      }
    }
  }
}
