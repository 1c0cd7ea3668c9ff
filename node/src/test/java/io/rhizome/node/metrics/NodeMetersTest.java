/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rhizome.node.exec.Errors;
import io.rhizome.node.rpc.Figures;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.WrongDbServer;
import org.junit.jupiter.api.Test;

class NodeMetersTest {

  @Test
  void errorClassesHaveAFigureEachAndUnknownOnesShareOne() {
    assertEquals(
        Figures.errorClassLabel("55"), Figures.errorClass(SqlState.LOCK_NOT_AVAILABLE.code()));
    assertEquals(Figures.errorClassLabel("other"), Figures.errorClass("HV000"));
    assertEquals(Figures.SIZE - 1, Figures.errorClassLabel("other"));
  }

  @Test
  void statementKindsComeFromTheCommandTag() {
    assertEquals(Figures.Kind.SELECT, Figures.Kind.of("SELECT 3"));
    assertEquals(Figures.Kind.INSERT, Figures.Kind.of("INSERT 0 1"));
    assertEquals(Figures.Kind.UPDATE, Figures.Kind.of("UPDATE 2"));
    assertEquals(Figures.Kind.DELETE, Figures.Kind.of("DELETE 0"));
    for (String tx : new String[] {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}) {
      assertEquals(Figures.Kind.TRANSACTION, Figures.Kind.of(tx), tx);
    }
    for (String other : new String[] {"CREATE TABLE", "DROP TABLE", "PRAGMA", "", "SET", "S"}) {
      assertEquals(Figures.Kind.OTHER, Figures.Kind.of(other), other);
    }
  }

  @Test
  void refusalsAreCountedByReason() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    NodeMeters meters = new NodeMeters(registry);
    meters.sessionRefused(Errors.error(SqlState.TOO_MANY_CONNECTIONS, "full"));
    meters.sessionRefused(
        Errors.error(SqlState.CANNOT_CONNECT_NOW, "moved").toBuilder()
            .setWrongDbServer(WrongDbServer.newBuilder().setShard(1))
            .build());
    meters.sessionRefused(Errors.error(SqlState.CANNOT_CONNECT_NOW, "shutting down"));
    assertEquals(
        1, count(registry, "rhizome.node.sessions.refused", "reason", "too_many_sessions"));
    assertEquals(1, count(registry, "rhizome.node.sessions.refused", "reason", "wrong_server"));
    assertEquals(1, count(registry, "rhizome.node.sessions.refused", "reason", "unavailable"));
  }

  private static double count(SimpleMeterRegistry registry, String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }
}
