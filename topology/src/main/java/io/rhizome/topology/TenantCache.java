/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.InvalidProtocolBufferException;
import io.rhizome.proto.TenantRecord;
import java.util.Optional;

/**
 * The tenants this process looked up lately: a bounded cache of tenant records (users and their
 * verifiers included), so memory does not grow with the number of tenants in the cluster.
 *
 * <p>Coherence with the store, in the terms of {@link VersionedCache} (which calls every mutation
 * under its apply lock): each slot carries the store revision it reflects. The watch updates slots
 * that are present and ignores tenants that are not cached. A value read from the store at revision
 * R is kept only when the watch has applied nothing newer than R: an event for the same tenant
 * newer than R that the watch skipped (the tenant was not cached then) would otherwise be lost
 * behind it. Events the watch delivers after the read are newer than R and update the slot. When
 * the watch loses events the whole cache is cleared with the reload.
 *
 * <p>Only what is known is cached: a tenant found absent by a read is not (a name that does not
 * exist yet must be found the moment it is created elsewhere), while a drop this process made or
 * the watch delivered for a cached tenant leaves a tombstone, as in the rest of the cache. Records
 * are kept serialized (about half the memory of the parsed form) and parsed per lookup, which is a
 * microsecond at session open and never happens per query.
 */
final class TenantCache {
  /** Default bound on cached tenants per process. */
  static final long DEFAULT_MAXIMUM = 100_000;

  /** A tenant's serialized record, or null for a tombstone, and the revision it reflects. */
  private record Slot(byte[] record, long revision) {}

  private final Cache<String, Slot> slots;

  TenantCache(long maximumSize) {
    if (maximumSize < 1) {
      throw new IllegalArgumentException("the tenant cache needs room for at least one tenant");
    }
    // Eviction runs on the writer's thread (under the apply lock): nothing else to schedule.
    this.slots = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
  }

  /**
   * The cached answer: empty on a miss; otherwise the record, or empty inside when the tenant is
   * known to be gone.
   */
  Optional<Optional<TenantRecord>> get(String name) {
    Slot slot = slots.getIfPresent(name);
    if (slot == null) {
      return Optional.empty();
    }
    if (slot.record() == null) {
      return Optional.of(Optional.empty());
    }
    try {
      return Optional.of(Optional.of(TenantRecord.parseFrom(slot.record())));
    } catch (InvalidProtocolBufferException e) {
      slots.invalidate(name);
      return Optional.empty();
    }
  }

  /**
   * Keeps a record read from the store at {@code readRevision}, when the watch has applied nothing
   * newer ({@code appliedRevision}). A tenant the read found absent is not kept.
   */
  void offerRead(String name, byte[] record, long modRevision, long readRevision, long applied) {
    if (readRevision >= applied) {
      putIfNewer(name, new Slot(record, modRevision));
    }
  }

  /**
   * A value this process wrote at {@code revision} (null: deleted); the caller checked the watch.
   */
  void learn(String name, byte[] record, long revision) {
    putIfNewer(name, new Slot(record, revision));
  }

  /** A watch event: updates the tenant if it is cached, and ignores it otherwise. */
  void applyEvent(String name, byte[] recordOrNull, long revision) {
    slots
        .asMap()
        .computeIfPresent(
            name, (k, old) -> old.revision() <= revision ? new Slot(recordOrNull, revision) : old);
  }

  /** Forgets everything (the watch lost events). */
  void clear() {
    slots.invalidateAll();
  }

  long size() {
    slots.cleanUp();
    return slots.estimatedSize();
  }

  private void putIfNewer(String name, Slot slot) {
    slots
        .asMap()
        .compute(name, (k, old) -> old == null || old.revision() <= slot.revision() ? slot : old);
  }
}
