/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.ShardRecord;
import io.rhizome.topology.TopologyException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShardRefreshesTest {
  private final ExecutorService blocking = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    blocking.shutdownNow();
  }

  @Test
  void sessionsRefreshingOneShardShareOneRead() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ShardRefreshes refreshes =
        new ShardRefreshes(
            shard -> {
              reads.incrementAndGet();
              await(release);
              return Optional.of(ShardRecord.newBuilder().setShard(shard).setEpoch(2).build());
            },
            blocking);

    CompletableFuture<Optional<ShardRecord>> first = refreshes.refresh(7);
    CompletableFuture<Optional<ShardRecord>> second = refreshes.refresh(7);
    CompletableFuture<Optional<ShardRecord>> other = refreshes.refresh(8);
    assertSame(first, second, "the second session joins the read in flight");
    assertNotSame(first, other, "another shard has a read of its own");
    release.countDown();
    assertEquals(2, first.get(10, TimeUnit.SECONDS).orElseThrow().getEpoch());
    other.get(10, TimeUnit.SECONDS);
    assertEquals(2, reads.get());

    // Once done, the next refresh reads again: a later move must be seen.
    refreshes.refresh(7).get(10, TimeUnit.SECONDS);
    assertEquals(3, reads.get());
  }

  @Test
  void aFailedReadFailsItsWaitersAndIsNotKept() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    ShardRefreshes refreshes =
        new ShardRefreshes(
            shard -> {
              if (reads.incrementAndGet() == 1) {
                throw new TopologyException(TopologyException.Reason.UNAVAILABLE, "etcd down");
              }
              return Optional.empty();
            },
            blocking);
    ExecutionException failed =
        assertThrows(
            ExecutionException.class, () -> refreshes.refresh(1).get(10, TimeUnit.SECONDS));
    assertTrue(failed.getCause() instanceof TopologyException, failed.toString());
    assertEquals(Optional.empty(), refreshes.refresh(1).get(10, TimeUnit.SECONDS));
  }

  @Test
  void pausesGrowWithJitterUpToTheCap() {
    for (int n = 1; n <= 12; n++) {
      long ceiling = Math.min(RoutePauses.MAX_MILLIS, RoutePauses.FIRST_MILLIS << (n - 1));
      long millis = TimeUnit.NANOSECONDS.toMillis(RoutePauses.pauseNanos(n));
      assertTrue(millis >= ceiling / 2 && millis <= ceiling, n + ": " + millis);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
