/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A follower's seals: a shard sealed at epoch {@code e} takes no more frames of epoch {@code e} or
 * older. A follower seals a shard before trying to be promoted, so the old primary can never
 * collect its acknowledgement after the promotion (docs/replication.md, "Fencing"). Sealing waits
 * for the writes in progress on the shard to finish, so no write lands after the seal.
 */
final class Seals {
  private final Map<Integer, Long> sealed = new ConcurrentHashMap<>();
  private final Map<Integer, ReadWriteLock> locks = new ConcurrentHashMap<>();

  /** Seals {@code shard} at {@code epoch} (and every older one), after writes in progress end. */
  void seal(int shard, long epoch) {
    ReadWriteLock lock = lock(shard);
    lock.writeLock().lock();
    try {
      sealed.merge(shard, epoch, Math::max);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Lifts a seal at {@code epoch} (the promotion lost: the shard follows a primary again). */
  void unseal(int shard, long epoch) {
    sealed.remove(shard, epoch);
  }

  /** Every sealed shard and the epoch it is sealed at. */
  Map<Integer, Long> all() {
    return Map.copyOf(sealed);
  }

  /** Whether a stream of {@code epoch} is refused. */
  boolean sealed(int shard, long epoch) {
    Long at = sealed.get(shard);
    return at != null && epoch <= at;
  }

  /** Runs a write of a stream of {@code epoch} unless sealed; returns whether it ran. */
  <T> T write(int shard, long epoch, Write<T> write, T refused) throws Exception {
    ReadWriteLock lock = lock(shard);
    lock.readLock().lock();
    try {
      if (sealed(shard, epoch)) {
        return refused;
      }
      return write.run();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A write of the replication stream. */
  interface Write<T> {
    T run() throws Exception;
  }

  private ReadWriteLock lock(int shard) {
    return locks.computeIfAbsent(shard, s -> new ReentrantReadWriteLock());
  }
}
