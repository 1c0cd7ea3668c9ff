/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers of one tenant waiting for its write lock: woken by the holder's commit or rollback, not
 * by a clock, and giving up after the busy timeout.
 */
class WriterWakeupsTest {
  @TempDir Path data;
  private final List<TenantSession> sessions = new ArrayList<>();

  /** Threads for waiters: the common pool may have one thread on a small machine. */
  private final ExecutorService waiters = Executors.newCachedThreadPool();

  private TenantStore store;

  @BeforeEach
  void open() {
    openStore(Duration.ofMinutes(10));
  }

  private void openStore(Duration busyTimeout) {
    store = TestStores.open(data, busyTimeout);
  }

  @AfterEach
  void close() {
    waiters.shutdownNow();
    sessions.forEach(TenantSession::close);
  }

  private TenantSession session() throws Exception {
    TenantSession session =
        new TenantSession(
            store.open(1, "acme"), new SqliteErrors(data.toString()), () -> {}, store.lockdown());
    sessions.add(session);
    return session;
  }

  private static List<String> query(TenantSession session, String... statements)
      throws FencedException {
    RecordingOutbound out = new RecordingOutbound();
    session.start(List.of(statements));
    assertTrue(session.advance(out), "an always-ready receiver lets the query finish");
    return describe(out.drain());
  }

  /** Runs a query on its own thread, which reports the thread it runs on before it starts. */
  private static CompletableFuture<List<String>> queryAside(
      TenantSession session, AtomicReference<Thread> runner, String... statements) {
    return CompletableFuture.supplyAsync(
        () -> {
          runner.set(Thread.currentThread());
          try {
            return query(session, statements);
          } catch (FencedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void aReleaseWakesTheLongestWaitingWaiterOfItsFileAndNoOther() throws Exception {
    WriterWakeups.Stripe stripe = new WriterWakeups.Stripe();
    WriterWakeups.Database a = new WriterWakeups.Database(stripe, "a.db");
    WriterWakeups.Database b = new WriterWakeups.Database(stripe, "b.db");
    CompletableFuture<Long> firstOfA = waitAnHour(stripe, a.waiting(), 1);
    CompletableFuture<Long> ofB = waitAnHour(stripe, b.waiting(), 2);
    CompletableFuture<Long> secondOfA = waitAnHour(stripe, a.waiting(), 3);

    a.released();
    assertEquals(1L, firstOfA.get(1, TimeUnit.MINUTES));
    // The release took the woken waiter off the queue under the stripe's lock: the others stay.
    assertEquals(2, stripe.waiting());
    assertFalse(ofB.isDone());
    assertFalse(secondOfA.isDone());

    a.released();
    assertEquals(2L, secondOfA.get(1, TimeUnit.MINUTES));
    assertEquals(1, stripe.waiting());
    assertFalse(ofB.isDone());
    b.released();
    assertEquals(3L, ofB.get(1, TimeUnit.MINUTES));
    assertEquals(0, stripe.waiting());
  }

  @Test
  void aWaiterWokenInVainKeepsItsTurnAtTheHead() throws Exception {
    WriterWakeups.Stripe stripe = new WriterWakeups.Stripe();
    WriterWakeups.Database a = new WriterWakeups.Database(stripe, "a.db");
    WriterWakeups.Stripe.Waiting unlucky = a.waiting();
    CompletableFuture<Long> first = waitAnHour(stripe, unlucky, 1);
    CompletableFuture<Long> second = waitAnHour(stripe, a.waiting(), 2);
    a.released();
    long seen = first.get(1, TimeUnit.MINUTES);
    // Its retry found the lock taken again (say by the releaser's next write): it waits again.
    CompletableFuture<Long> again = waitAnHour(stripe, unlucky, seen, 2);
    a.released();
    assertEquals(seen + 1, again.get(1, TimeUnit.MINUTES), "woken before the one queued after it");
    assertFalse(second.isDone());
    a.released();
    assertEquals(seen + 2, second.get(1, TimeUnit.MINUTES));
  }

  /** Waits as the {@code queued}-th waiter of the stripe, from the stripe's current count. */
  private CompletableFuture<Long> waitAnHour(
      WriterWakeups.Stripe stripe, WriterWakeups.Stripe.Waiting waiting, int queued) {
    waiting.begin();
    return waitAnHour(stripe, waiting, stripe.releases(), queued);
  }

  private CompletableFuture<Long> waitAnHour(
      WriterWakeups.Stripe stripe, WriterWakeups.Stripe.Waiting waiting, long seen, int queued) {
    CompletableFuture<Long> woken =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return waiting.awaitRelease(seen, TimeUnit.HOURS.toNanos(1));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            },
            waiters);
    await().until(() -> stripe.waiting() == queued);
    return woken;
  }

  @Test
  void aWriterWaitingForTheLockGoesOnWhenTheHolderCommitsAndAgainWhenItRollsBack()
      throws Exception {
    TenantSession a = session();
    TenantSession b = session();
    query(a, "create table t (v int)");
    assertEquals(
        List.of("BEGIN", "INSERT 0 1", "ready IN_TRANSACTION"),
        query(a, "begin", "insert into t values (1)"));

    AtomicReference<Thread> runner = new AtomicReference<>();
    CompletableFuture<List<String>> blocked = queryAside(b, runner, "insert into t values (2)");
    awaitWaiting(runner);
    assertFalse(blocked.isDone());
    assertEquals(List.of("COMMIT", "ready IDLE"), query(a, "commit"));
    assertEquals(List.of("INSERT 0 1", "ready IDLE"), blocked.get(1, TimeUnit.MINUTES));

    query(a, "begin", "insert into t values (3)");
    runner.set(null);
    blocked = queryAside(b, runner, "insert into t values (4)");
    awaitWaiting(runner);
    assertEquals(List.of("ROLLBACK", "ready IDLE"), query(a, "rollback"));
    assertEquals(List.of("INSERT 0 1", "ready IDLE"), blocked.get(1, TimeUnit.MINUTES));
    RecordingOutbound out = new RecordingOutbound();
    b.start(List.of("select group_concat(v) from (select v from t order by v)"));
    assertTrue(b.advance(out));
    assertEquals("1,2,4", out.drain().get(1).getRows().getRows(0).getValues(0).getText());
  }

  @Test
  void aWriterGivesUpWith55P03AfterTheBusyTimeout() throws Exception {
    openStore(Duration.ofMillis(200));
    TenantSession a = session();
    TenantSession b = session();
    query(a, "create table t (v int)");
    query(a, "begin", "insert into t values (1)");
    assertEquals(List.of("error 55P03", "ready IDLE"), query(b, "insert into t values (2)"));
  }

  /** Waits until {@code runner}'s thread waits for the write lock (in the busy handler). */
  private static void awaitWaiting(AtomicReference<Thread> runner) {
    await()
        .until(
            () -> {
              Thread t = runner.get();
              return t != null && t.getState() == Thread.State.TIMED_WAITING;
            });
  }
}
