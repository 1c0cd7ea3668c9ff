/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.Error;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Warm-ups in the session registry: refused like sessions, and waited for like them. */
class SessionRegistryWarmupTest {
  private final SessionRegistry registry = new SessionRegistry(4, 2);

  @Test
  void aDropWaitsForTheTenantsWarmupsAndRefusesNewOnes() {
    CompletableFuture<Void> warmup = registry.admitWarmup("acme").orElseThrow();
    CompletableFuture<Void> other = registry.admitWarmup("other").orElseThrow();
    CompletableFuture<Void> dropped = registry.beginDrop("acme");
    assertFalse(dropped.isDone(), "the drop waits for the warm-up in flight");
    assertTrue(registry.admitWarmup("acme").isEmpty(), "no warm-up of a tenant being dropped");

    registry.endWarmup("acme", warmup);
    assertTrue(dropped.isDone());
    assertEquals(Set.of("other"), registry.tenantsWithSessions());
    registry.endWarmup("other", other);
    assertEquals(Set.of(), registry.tenantsWithSessions());
  }

  @Test
  void warmupsCountAgainstNoSessionLimit() {
    for (int i = 0; i < 10; i++) {
      assertTrue(registry.admitWarmup("acme").isPresent());
    }
    assertEquals(0, registry.count());
    assertEquals(0, registry.openSessions("acme"));
  }

  @Test
  void aTenantBeingWarmedIsNotIdle() {
    CompletableFuture<Void> warmup = registry.admitWarmup("acme").orElseThrow();
    assertFalse(registry.blockIfIdle("acme"));
    registry.endWarmup("acme", warmup);
    assertTrue(registry.blockIfIdle("acme"));
    assertTrue(registry.admitWarmup("acme").isEmpty(), "blocked like a drop");
  }

  @Test
  void aRelocationRefusesWarmups() {
    assertTrue(registry.beginRelocation("acme"));
    assertTrue(registry.admitWarmup("acme").isEmpty());
    registry.endRelocation("acme");
    assertTrue(registry.admitWarmup("acme").isPresent());
  }

  @Test
  void endingAShardsSessionsWaitsForItsWarmups() {
    CompletableFuture<Void> warmup = registry.admitWarmup("acme").orElseThrow();
    SessionRegistry.Ended ended =
        registry.endSessions(tenant -> tenant.equals("acme"), Error.getDefaultInstance());
    assertEquals(0, ended.sessions());
    assertFalse(ended.closed().isDone());
    registry.endWarmup("acme", warmup);
    assertTrue(ended.closed().isDone());
  }

  @Test
  void theShutdownWaitsForEveryWarmupAndRefusesNewOnes() {
    CompletableFuture<Void> warmup = registry.admitWarmup("acme").orElseThrow();
    CompletableFuture<Void> shutdown = registry.shutdown();
    assertFalse(shutdown.isDone());
    assertTrue(registry.admitWarmup("other").isEmpty());
    registry.endWarmup("acme", warmup);
    assertTrue(shutdown.isDone());
  }
}
