/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.node.store.TenantLockdown;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite statements of this session's closed prepared statements, kept by their text for the next
 * Parse of the same text. Clients of the extended protocol without named statements (pgbench {@code
 * -M extended}, many drivers' defaults) send Parse with the same text for every execution;
 * compiling it again each time was a fifth of such a point query's cost.
 *
 * <p>What is kept depends only on the text (its classification, the lockdown's verdict, the text
 * SQLite compiles, the parameter count); the result columns are read again from the statement at
 * every Parse, and SQLite compiles a kept statement again by itself when the schema changed. At
 * most {@link #CAPACITY} statements, least recently used out first.
 *
 * <p>Thread confinement: like its session.
 */
final class CompiledStatements implements AutoCloseable {
  static final int CAPACITY = 32;

  private static final Logger LOG = LoggerFactory.getLogger(CompiledStatements.class);

  /**
   * A compiled statement with what follows from its text alone.
   *
   * @param inferredTypes the parameter types inferred from the columns they meet, or null if none
   *     was asked (as stale after a schema change as {@link
   *     io.rhizome.node.catalog.ParameterTypes}' own cache: a hint for the client's encoding)
   */
  record Compiled(
      Statement statement,
      TenantLockdown.Verdict verdict,
      String sqliteSql,
      int parameters,
      int[] inferredTypes,
      PreparedStatement sqlite) {}

  private final Map<String, Compiled> idle = new LinkedHashMap<>(16, 0.75f, true);

  /** Takes the statement kept for {@code text}, if any: it is the caller's until given back. */
  Compiled take(String text) {
    return idle.remove(text);
  }

  /** Keeps an idle statement (its parameters cleared) for the next Parse of {@code text}. */
  void give(String text, Compiled compiled) {
    Compiled replaced = idle.put(text, compiled);
    if (replaced != null) {
      close(replaced);
    }
    if (idle.size() > CAPACITY) {
      Iterator<Compiled> eldest = idle.values().iterator();
      close(eldest.next());
      eldest.remove();
    }
  }

  @Override
  public void close() {
    idle.values().forEach(CompiledStatements::close);
    idle.clear();
  }

  private static void close(Compiled compiled) {
    try {
      compiled.sqlite().close();
    } catch (SQLException e) {
      LOG.warn("closing a statement failed: {}", e.getClass().getSimpleName());
    }
  }
}
