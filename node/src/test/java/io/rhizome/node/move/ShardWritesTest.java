/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ShardWritesTest {
  private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
  private final ShardWrites writes = new ShardWrites();

  @Test
  void everyReleasedRequestBumpsItsTenantsGeneration() {
    ShardWrites.Writer acme = writes.writer(3, 1, "acme");
    assertEquals(0, writes.generation("acme"));

    assertTrue(acme.enter());
    assertTrue(acme.enter());
    assertEquals(0, writes.generation("acme"), "bumped on release, after the commit");
    acme.release();
    acme.release();

    assertEquals(1, writes.generation("acme"));
    assertEquals(0, writes.generation("other"));
    assertEquals(0, writes.activeWrites(3));
  }

  @Test
  void aFrozenShardRefusesNewWritesButNotThoseOfOtherShardsOrLaterEpochs() {
    writes.freeze(3, 1, "m1", T0);

    assertFalse(writes.writer(3, 1, "acme").enter());
    assertTrue(writes.writer(4, 1, "other").enter());
    assertTrue(writes.writer(3, 2, "acme").enter(), "the shard came back at a later epoch");
    assertEquals(0, writes.generation("acme"));
  }

  @Test
  void theFreezeDrainsWhenTheLastRunningWriteIsReleased() throws Exception {
    ShardWrites.Writer first = writes.writer(3, 1, "acme");
    ShardWrites.Writer second = writes.writer(3, 1, "globex");
    first.enter();
    second.enter();

    CompletableFuture<Void> drained = writes.freeze(3, 1, "m1", T0);
    assertTrue(first.enter(), "a request that entered before the freeze goes on");
    first.release();
    assertFalse(drained.isDone());
    second.release();

    assertTrue(drained.isDone());
    drained.get();
    assertEquals(1, writes.generation("acme"));
    assertEquals(1, writes.generation("globex"));
    assertFalse(first.enter(), "its next request is refused");
  }

  @Test
  void freezingAgainForTheSameMoveKeepsItsStartAndLiftingEndsTheWait() {
    ShardWrites.Writer running = writes.writer(3, 1, "acme");
    running.enter();
    CompletableFuture<Void> drained = writes.freeze(3, 1, "m1", T0);
    writes.freeze(3, 1, "m1", T0.plusSeconds(5));
    ShardWrites.Freeze freeze = writes.freezeOf(3).orElseThrow();
    assertEquals(T0, freeze.since());

    assertFalse(writes.lift(3, new ShardWrites.Freeze(1, "m0", T0, false)), "not that freeze");
    assertTrue(writes.lift(3, freeze));

    assertThrows(CancellationException.class, drained::get);
    assertTrue(writes.writer(3, 1, "acme").enter());
  }

  @Test
  void aSettledFreezeStaysUntilLifted() {
    writes.freeze(3, 1, "m1", T0);
    ShardWrites.Freeze freeze = writes.freezeOf(3).orElseThrow();
    writes.settle(3, freeze);

    assertTrue(writes.freezeOf(3).orElseThrow().settled());
    assertFalse(writes.writer(3, 1, "acme").enter());
    writes.lift(3);
    assertTrue(writes.writer(3, 1, "acme").enter());
  }

  @Test
  void bootIdsDifferPerInstance() {
    assertNotEquals(writes.bootId(), new ShardWrites().bootId());
    assertEquals(16, writes.bootId().length());
  }
}
