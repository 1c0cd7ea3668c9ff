/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import io.rhizome.proto.ShardRecord;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Reads of one shard's placement from the metadata store, at most one in flight per shard: when a
 * shard moves, every session of its tenants gets WRONG_DB_SERVER at once, and they all share one
 * read instead of a storm of them.
 */
public final class ShardRefreshes {
  /** Reads one shard's placement from the store ({@link Topology#refreshShard}). */
  @FunctionalInterface
  public interface ShardReader {
    Optional<ShardRecord> read(int shard) throws TopologyException;
  }

  private final ShardReader reader;
  private final Executor blocking;
  private final ConcurrentHashMap<Integer, CompletableFuture<Optional<ShardRecord>>> inFlight =
      new ConcurrentHashMap<>();

  public ShardRefreshes(ShardReader reader, Executor blocking) {
    this.reader = reader;
    this.blocking = blocking;
  }

  /**
   * The shard's placement as the store has it now, from the read in flight if there is one.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the blocking executor is full
   */
  public CompletableFuture<Optional<ShardRecord>> refresh(int shard) {
    CompletableFuture<Optional<ShardRecord>> started = new CompletableFuture<>();
    CompletableFuture<Optional<ShardRecord>> running = inFlight.putIfAbsent(shard, started);
    if (running != null) {
      return running;
    }
    try {
      blocking.execute(
          () -> {
            // Out of the map before completing: whoever asks after the answer gets a new read.
            try {
              Optional<ShardRecord> read = reader.read(shard);
              inFlight.remove(shard, started);
              started.complete(read);
            } catch (TopologyException | RuntimeException e) {
              inFlight.remove(shard, started);
              started.completeExceptionally(e);
            }
          });
    } catch (RuntimeException rejected) {
      inFlight.remove(shard, started);
      throw rejected;
    }
    return started;
  }
}
