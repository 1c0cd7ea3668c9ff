/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.FrontendMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's prepared statements and portals by name ("" is the unnamed one), bounded like the
 * node's. Changes for steps sent to the backend are made at once, as if the steps succeed, and each
 * returns its undo: when the backend reports an error, the steps it skipped are undone, so the
 * gateway's view stays the backend's.
 */
final class StatementRegistry {
  static final int MAX_STATEMENTS = 1024;
  static final int MAX_PORTALS = 256;

  private final Map<String, ClientStatement> statements = new HashMap<>();
  private final Map<String, ClientPortal> portals = new HashMap<>();

  ClientStatement statement(String name) {
    return statements.get(name);
  }

  ClientPortal portal(String name) {
    return portals.get(name);
  }

  /** Whether one more statement named {@code name} fits (replacing one always does). */
  boolean roomForStatement(String name) {
    return statements.containsKey(name) || statements.size() < MAX_STATEMENTS;
  }

  boolean roomForPortal(String name) {
    return portals.containsKey(name) || portals.size() < MAX_PORTALS;
  }

  Runnable putStatement(String name, ClientStatement statement) {
    ClientStatement before = statements.put(name, statement);
    return () -> restore(statements, name, before);
  }

  Runnable putPortal(String name, ClientPortal portal) {
    ClientPortal before = portals.put(name, portal);
    return () -> restore(portals, name, before);
  }

  /** Removes a statement and the portals made from it (Postgres closes those with it). */
  Runnable removeStatement(String name) {
    ClientStatement before = statements.remove(name);
    if (before == null) {
      return () -> {};
    }
    List<Runnable> undo = new ArrayList<>();
    for (String portal : List.copyOf(portals.keySet())) {
      if (portals.get(portal).statement() == before) {
        undo.add(removePortal(portal));
      }
    }
    return () -> {
      statements.put(name, before);
      undo.forEach(Runnable::run);
    };
  }

  Runnable removePortal(String name) {
    ClientPortal before = portals.remove(name);
    return () -> restore(portals, name, before);
  }

  /**
   * Forgets every statement ({@code STATEMENT}) or every portal ({@code PORTAL}).
   *
   * @return the names of those prepared on the backend, which it must close too
   */
  List<String> discardAll(FrontendMessage.Target target) {
    List<String> remote = new ArrayList<>();
    if (target == FrontendMessage.Target.STATEMENT) {
      statements.forEach(
          (name, statement) -> {
            if (!statement.isLocal()) {
              remote.add(name);
            }
          });
      statements.clear();
    } else {
      portals.forEach(
          (name, portal) -> {
            if (!portal.isLocal()) {
              remote.add(name);
            }
          });
      portals.clear();
    }
    return remote;
  }

  /** The transaction ended: so did its portals. */
  void clearPortals() {
    portals.clear();
  }

  private static <T> void restore(Map<String, T> map, String name, T before) {
    if (before == null) {
      map.remove(name);
    } else {
      map.put(name, before);
    }
  }
}
