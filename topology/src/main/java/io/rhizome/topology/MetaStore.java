/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.util.List;
import java.util.Optional;

/**
 * The small revisioned key-value store {@link CachedTopology} is written against: the subset of
 * etcd's model it needs (linearizable reads, one global revision, compare-and-set transactions on
 * mod revisions, prefix watches from a revision, leases). Both backends implement exactly these
 * semantics so the cache logic above them is shared.
 *
 * <p>Every method that talks to the store is bounded by the store's call timeout and fails with
 * {@link TopologyException.Reason#UNAVAILABLE} when it elapses. Reads ({@link #read}, {@link
 * #range}, {@link #getAll}, {@link #count}) are idempotent and retried on UNAVAILABLE within that
 * timeout; writes ({@link #txn}, lease calls) are not, because their outcome is unknown after a
 * failure. {@link Lease#revoke} may give up sooner than the call timeout: it runs on the way out,
 * and an unrevoked lease expires anyway.
 */
interface MetaStore extends AutoCloseable {

  /** A stored key with the store revision of its last modification. */
  record Entry(String key, byte[] value, long modRevision) {}

  /** The entries under a prefix as of store revision {@code revision}. */
  record Snapshot(List<Entry> entries, long revision) {}

  /**
   * One key as of store revision {@code revision}: the revision says how new the answer is, which a
   * partial cache needs to decide whether it may keep it (see {@code TenantCache}).
   */
  record Read(Optional<Entry> entry, long revision) {}

  /**
   * Entries of a key range in key order as of one store revision; {@code more} when keys of the
   * range follow the last entry (a page cut by its limit).
   */
  record Page(List<Entry> entries, long revision, boolean more) {}

  /**
   * Most keys one {@link #txn} or {@link #getAll} may name in its compares, and in its puts and
   * deletes: etcd's default {@code --max-txn-ops}.
   */
  int MAX_TXN_OPS = 128;

  /** Requires {@code key}'s mod revision to equal {@code modRevision}; 0 means "absent". */
  record Compare(String key, long modRevision) {
    static Compare absent(String key) {
      return new Compare(key, 0);
    }
  }

  /** A put, attached to lease {@code leaseId} when not 0 (the key dies with the lease). */
  record Put(String key, byte[] value, long leaseId) {
    static Put of(String key, byte[] value) {
      return new Put(key, value, 0);
    }
  }

  /** All compares hold, then every put and delete is applied at one new revision. */
  record Txn(List<Compare> compares, List<Put> puts, List<String> deletes) {}

  /**
   * Outcome of a {@link Txn}.
   *
   * @param revision the store revision after the transaction (meaningful when it succeeded)
   */
  record TxnResult(boolean succeeded, long revision) {}

  /** A change under a watched prefix; {@code value} is empty for deletes. */
  record Event(Type type, String key, byte[] value, long modRevision) {
    enum Type {
      PUT,
      DELETE
    }
  }

  /** Receives a watch's events in revision order, on one thread at a time. */
  interface WatchListener {
    void onEvents(List<Event> events);

    /**
     * The watch ended and events may have been missed (history compacted, listener too slow, stream
     * cancelled): the owner must reload and watch again. Called at most once per watch.
     */
    void onResyncNeeded(String reason);
  }

  /** A live lease; keys put under it are deleted when it is revoked or expires. */
  interface Lease {
    long id();

    /**
     * Revokes the lease (deleting its keys). Bounded by a short release timeout, at most the call
     * timeout: callers are shutting down, and a lease that could not be revoked expires by its TTL.
     *
     * @return the store revision of the deletion, or 0 if unknown or nothing was deleted
     */
    long revoke() throws TopologyException;
  }

  /** Told when a lease was lost without being revoked (expired or gone on the server). */
  interface LeaseLostListener {
    void onLeaseLost(long leaseId, String reason);
  }

  /** Linearizable read of one key. */
  default Optional<Entry> get(String key) throws TopologyException {
    return read(key).entry();
  }

  /** Linearizable read of one key, with the store revision the answer reflects. */
  Read read(String key) throws TopologyException;

  /**
   * Linearizable read of several keys at one store revision (absent keys are empty), at most {@link
   * #MAX_TXN_OPS}: one round trip for a batch.
   */
  List<Optional<Entry>> getAll(List<String> keys) throws TopologyException;

  /** Linearizable read of every key under {@code prefix}, with the store revision it reflects. */
  default Snapshot list(String prefix) throws TopologyException {
    Page all = range(prefix, prefixEnd(prefix), 0);
    return new Snapshot(all.entries(), all.revision());
  }

  /**
   * Linearizable read of the keys in [{@code from}, {@code to}) in key order, at most {@code limit}
   * of them ({@code limit <= 0}: all, read in pages at one revision so the answer is one snapshot
   * however large).
   */
  Page range(String from, String to, int limit) throws TopologyException;

  /** How many keys lie in [{@code from}, {@code to}), without reading their values. */
  long count(String from, String to) throws TopologyException;

  /** Runs a compare-and-set transaction. Not retried: a failure leaves the outcome unknown. */
  TxnResult txn(Txn txn) throws TopologyException;

  /**
   * Watches {@code prefix} for changes at revisions {@code >= fromRevision}. The returned handle
   * stops the watch; a batch already being delivered when it is closed may still arrive, so
   * listeners must ignore calls from a watch they have replaced.
   */
  AutoCloseable watch(String prefix, long fromRevision, WatchListener listener);

  /**
   * Grants a lease with the store's lease TTL and keeps it alive until revoked or the store is
   * closed. {@code lost} is told if the lease dies anyway.
   */
  Lease grantLease(LeaseLostListener lost) throws TopologyException;

  /** The smallest key greater than every key starting with {@code prefix} (keys are ASCII). */
  static String prefixEnd(String prefix) {
    char last = prefix.charAt(prefix.length() - 1);
    return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
  }

  /**
   * Releases connections and threads without revoking leases: to the store this looks like the
   * process died, so lease-bound keys go away only when their leases expire.
   */
  @Override
  void close();

  /** Calls that failed since the store was opened (timed out, unavailable, refused). */
  default long failedCalls() {
    return 0;
  }
}
