/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rhizome.node.exec.Errors;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.WrongDbServer;
import org.junit.jupiter.api.Test;

class NodeMetersTest {

  @Test
  void statementKindsComeFromTheCommandTag() {
    assertEquals(NodeMeters.Kind.SELECT, NodeMeters.Kind.of("SELECT 3"));
    assertEquals(NodeMeters.Kind.INSERT, NodeMeters.Kind.of("INSERT 0 1"));
    assertEquals(NodeMeters.Kind.UPDATE, NodeMeters.Kind.of("UPDATE 2"));
    assertEquals(NodeMeters.Kind.DELETE, NodeMeters.Kind.of("DELETE 0"));
    for (String tx : new String[] {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}) {
      assertEquals(NodeMeters.Kind.TRANSACTION, NodeMeters.Kind.of(tx), tx);
    }
    for (String other : new String[] {"CREATE TABLE", "DROP TABLE", "PRAGMA", "", "SET", "S"}) {
      assertEquals(NodeMeters.Kind.OTHER, NodeMeters.Kind.of(other), other);
    }
  }

  @Test
  void refusalsAreCountedByReasonAndBusyTimeoutsApart() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    NodeMeters meters = new NodeMeters(registry);
    meters.sessionRefused(Errors.error(SqlState.TOO_MANY_CONNECTIONS, "full"));
    meters.sessionRefused(
        Errors.error(SqlState.CANNOT_CONNECT_NOW, "moved").toBuilder()
            .setWrongDbServer(WrongDbServer.newBuilder().setShard(1))
            .build());
    meters.sessionRefused(Errors.error(SqlState.CANNOT_CONNECT_NOW, "shutting down"));
    meters.statementFailed(SqlState.LOCK_NOT_AVAILABLE.code());
    meters.statementFailed("HV000");
    assertEquals(
        1, count(registry, "rhizome.node.sessions.refused", "reason", "too_many_sessions"));
    assertEquals(1, count(registry, "rhizome.node.sessions.refused", "reason", "wrong_server"));
    assertEquals(1, count(registry, "rhizome.node.sessions.refused", "reason", "unavailable"));
    assertEquals(1, count(registry, "rhizome.node.busy.timeouts"));
    assertEquals(1, count(registry, "rhizome.node.statement.errors", "class", "55"));
    assertEquals(1, count(registry, "rhizome.node.statement.errors", "class", "other"));
  }

  private static double count(SimpleMeterRegistry registry, String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }
}
