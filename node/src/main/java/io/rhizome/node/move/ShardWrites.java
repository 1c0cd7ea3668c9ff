/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's in-memory view of writes per shard, for the source side of a shard move: which shards
 * are frozen, how many sessions have a write in progress on each, and every tenant's write
 * generation.
 *
 * <p>A session {@link Writer#enter enters} before every statement that may write and is {@link
 * Writer#release released} when its request has answered (or the session ends). Entering and
 * freezing take the same lock, so once {@link #freeze} returns no session can start a write on the
 * shard and the drain future completes exactly when the last write already running is released.
 *
 * <p>A generation is bumped on every release, after whatever the request committed: a copy taken
 * after reading generation {@code g} holds every write of a request released before the read, so an
 * unchanged generation proves the copy current. A bump without a commit only costs a copy.
 * Generations count from zero at each process start; {@link #bootId()} tells boots apart.
 */
public final class ShardWrites {
  private final String bootId;
  private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
  private final Map<Integer, Shard> shards = new HashMap<>(); // guarded by this

  /**
   * The move id of a freeze held by a planned handover of a replicated shard to its follower: no
   * move and no FreezeRecord stand behind it, and the handover lifts it itself (move ids are hex).
   */
  public static final String HANDOVER = "handover";

  /**
   * A freeze of one shard as this node holds it.
   *
   * @param epoch the epoch the node owns the shard at; sessions of later epochs are not frozen
   * @param since when the freeze began, for the bound on its length
   * @param settled the thaw found the shard moved: writes stay refused and nobody retries the thaw
   */
  public record Freeze(long epoch, String moveId, Instant since, boolean settled) {}

  private static final class Shard {
    int activeWrites;
    Freeze freeze;
    final List<CompletableFuture<Void>> drainWaiters = new ArrayList<>();
  }

  public ShardWrites() {
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    this.bootId = HexFormat.of().formatHex(random);
  }

  /** Random per process: generations of different boots are not comparable. */
  public String bootId() {
    return bootId;
  }

  /** The tenant's write generation (0 when nothing passed the fence since the process started). */
  public long generation(String tenant) {
    AtomicLong generation = generations.get(tenant);
    return generation == null ? 0 : generation.get();
  }

  /** The write tracking of one session on one tenant. */
  public Writer writer(int shard, long epoch, String tenant) {
    return new Writer(shard, epoch, tenant);
  }

  /**
   * Freezes the shard: from now on no session at {@code epoch} or before enters a write.
   * Idempotent: a freeze of the same move keeps its start time.
   *
   * @return completes when no session has a write in progress on the shard; fails with {@link
   *     CancellationException} when the freeze is lifted first
   */
  public CompletableFuture<Void> freeze(int shard, long epoch, String moveId, Instant now) {
    CompletableFuture<Void> drained = new CompletableFuture<>();
    synchronized (this) {
      Shard state = shards.computeIfAbsent(shard, s -> new Shard());
      Freeze current = state.freeze;
      if (current == null || current.epoch() != epoch || !current.moveId().equals(moveId)) {
        state.freeze = new Freeze(epoch, moveId, now, false);
      }
      if (state.activeWrites > 0) {
        state.drainWaiters.add(drained);
        return drained;
      }
    }
    drained.complete(null);
    return drained;
  }

  /** The shard's freeze, if it is frozen. */
  public synchronized Optional<Freeze> freezeOf(int shard) {
    Shard state = shards.get(shard);
    return Optional.ofNullable(state == null ? null : state.freeze);
  }

  /** Every frozen shard and its freeze. */
  public synchronized Map<Integer, Freeze> freezes() {
    Map<Integer, Freeze> frozen = new HashMap<>();
    shards.forEach(
        (shard, state) -> {
          if (state.freeze != null) {
            frozen.put(shard, state.freeze);
          }
        });
    return frozen;
  }

  /** Sessions with a write in progress on the shard now. */
  public synchronized int activeWrites(int shard) {
    Shard state = shards.get(shard);
    return state == null ? 0 : state.activeWrites;
  }

  /**
   * Lifts the shard's freeze if it is still {@code expected} (a newer freeze stays): writes resume.
   *
   * @return whether it was lifted
   */
  public boolean lift(int shard, Freeze expected) {
    List<CompletableFuture<Void>> waiters;
    synchronized (this) {
      Shard state = shards.get(shard);
      if (state == null || state.freeze == null || !state.freeze.equals(expected)) {
        return false;
      }
      waiters = liftLocked(shard, state);
    }
    waiters.forEach(w -> w.completeExceptionally(new CancellationException("the freeze ended")));
    return true;
  }

  /** Lifts the shard's freeze, whichever it is (the shard has left the node). */
  public void lift(int shard) {
    List<CompletableFuture<Void>> waiters;
    synchronized (this) {
      Shard state = shards.get(shard);
      if (state == null) {
        return;
      }
      waiters = liftLocked(shard, state);
    }
    waiters.forEach(w -> w.completeExceptionally(new CancellationException("the freeze ended")));
  }

  /** Keeps the freeze {@code expected} for good: the shard moved, no thaw will ever succeed. */
  public synchronized void settle(int shard, Freeze expected) {
    Shard state = shards.get(shard);
    if (state != null && expected.equals(state.freeze)) {
      state.freeze = new Freeze(expected.epoch(), expected.moveId(), expected.since(), true);
    }
  }

  private List<CompletableFuture<Void>> liftLocked(int shard, Shard state) {
    state.freeze = null;
    List<CompletableFuture<Void>> waiters = new ArrayList<>(state.drainWaiters);
    state.drainWaiters.clear();
    if (state.activeWrites == 0) {
      shards.remove(shard);
    }
    return waiters;
  }

  /**
   * One session's writes on its tenant. Confined to the session's lane, like the session; the
   * shared state it touches is guarded by the enclosing {@link ShardWrites}.
   */
  public final class Writer {
    private final int shard;
    private final long epoch;
    private final String tenant;
    private boolean active;

    private Writer(int shard, long epoch, String tenant) {
      this.shard = shard;
      this.epoch = epoch;
      this.tenant = tenant;
    }

    /**
     * Marks a write in progress on the shard until {@link #release}, unless the shard is frozen. A
     * request that entered before the freeze goes on (its further statements and its commit): the
     * freeze waits for exactly these requests to finish.
     *
     * @return false, marking nothing, when the shard is frozen at the session's epoch and the
     *     request had not entered yet
     */
    public boolean enter() {
      synchronized (ShardWrites.this) {
        if (active) {
          return true;
        }
        Shard state = shards.computeIfAbsent(shard, s -> new Shard());
        if (state.freeze != null && epoch <= state.freeze.epoch()) {
          return false;
        }
        active = true;
        state.activeWrites++;
        return true;
      }
    }

    /** Whether the current request has entered (and not been released). */
    public boolean entered() {
      synchronized (ShardWrites.this) {
        return active;
      }
    }

    /**
     * Ends the write in progress, if any, bumping the tenant's generation: the request has
     * answered, so whatever it committed is on disk.
     */
    public void release() {
      List<CompletableFuture<Void>> drained = List.of();
      synchronized (ShardWrites.this) {
        if (!active) {
          return;
        }
        active = false;
        generations.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
        Shard state = shards.get(shard);
        state.activeWrites--;
        if (state.activeWrites == 0) {
          drained = new ArrayList<>(state.drainWaiters);
          state.drainWaiters.clear();
          if (state.freeze == null) {
            shards.remove(shard);
          }
        }
      }
      drained.forEach(w -> w.complete(null));
    }
  }
}
