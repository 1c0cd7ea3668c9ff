/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One sync of a tenant's WAL for every commit that queued while the one before it ran. */
@Timeout(30)
class GroupCommitTest {
  private static final String FILE = "/data/shards/1/acme.db";

  private final GroupCommit group = new GroupCommit();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger syncs = new AtomicInteger();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  @Test
  void aLoneCommitRunsItsOwnSync() throws Exception {
    assertEquals(1, group.committed(FILE, syncs::incrementAndGet));
    assertEquals(1, group.committed(FILE, syncs::incrementAndGet));
    assertEquals(2, syncs.get());
    assertEquals(2, group.commits());
    assertEquals(2, group.syncs());
    assertEquals(0, group.inFlight(FILE), "nothing is kept for a file with no commit in flight");
  }

  @Test
  void commitsThatQueueBehindASyncShareTheNextOne() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> first = syncingUntil(release, syncs::incrementAndGet);
    List<Future<Integer>> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(threads.submit(() -> group.committed(FILE, syncs::incrementAndGet)));
    }
    awaitInFlight(4);
    assertEquals(1, group.syncs(), "nobody syncs while the first sync runs");
    release.countDown();

    assertEquals(1, first.get(), "the first sync covered its own commit only");
    List<Integer> covered = new ArrayList<>();
    for (Future<Integer> f : queued) {
      covered.add(f.get());
    }
    covered.sort(null);
    assertEquals(List.of(0, 0, 3), covered, "one of the three ran a sync covering all three");
    assertEquals(2, syncs.get());
    assertEquals(4, group.commits());
    assertEquals(0, group.inFlight(FILE));
  }

  @Test
  void aCommitIsNotCoveredByASyncThatBeganBeforeIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> first = syncingUntil(release, () -> {});
    Future<Integer> later = threads.submit(() -> group.committed(FILE, syncs::incrementAndGet));
    awaitInFlight(2);
    release.countDown();
    first.get();
    assertEquals(1, later.get(), "it ran a sync of its own after the first one ended");
    assertEquals(1, syncs.get());
  }

  @Test
  void aFailedSyncFailsEveryCommitItCoveredAndTheNextCommitSyncsAgain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> first = syncingUntil(release, () -> {});
    AtomicInteger attempts = new AtomicInteger();
    GroupCommit.Sync failing =
        () -> {
          attempts.incrementAndGet();
          throw new IOException("the disk failed");
        };
    List<Future<Integer>> queued = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      queued.add(threads.submit(() -> group.committed(FILE, failing)));
    }
    awaitInFlight(3);
    release.countDown();
    assertEquals(1, first.get());
    for (Future<Integer> f : queued) {
      ExecutionException e = assertThrows(ExecutionException.class, f::get);
      assertTrue(e.getCause() instanceof IOException, e.toString());
    }
    assertEquals(1, attempts.get(), "one failed sync covered both: neither tried again");
    assertEquals(1, group.committed(FILE, syncs::incrementAndGet), "a later commit syncs anew");
    assertEquals(0, group.inFlight(FILE));
  }

  @Test
  void commitsOfOtherFilesDoNotWaitForEachOther() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> blocked = syncingUntil(release, () -> {});
    assertEquals(1, group.committed("/data/shards/1/other.db", syncs::incrementAndGet));
    release.countDown();
    assertEquals(1, blocked.get());
  }

  /**
   * Starts a commit whose sync runs {@code then} once {@code release} opens, and returns when that
   * sync has begun.
   */
  private Future<Integer> syncingUntil(CountDownLatch release, Runnable then)
      throws InterruptedException {
    CountDownLatch syncing = new CountDownLatch(1);
    Future<Integer> commit =
        threads.submit(
            () ->
                group.committed(
                    FILE,
                    () -> {
                      syncing.countDown();
                      await(release);
                      then.run();
                    }));
    syncing.await();
    return commit;
  }

  private void awaitInFlight(int commits) {
    // The queued commits block in the group's wait, which nothing outside can be told of.
    while (group.inFlight(FILE) < commits) {
      Thread.onSpinWait();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
