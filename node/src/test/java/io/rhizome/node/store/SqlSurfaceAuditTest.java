/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.node.catalog.TenantCatalog;
import io.rhizome.proto.SqlState;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * The audit against what the bundled SQLite really offers: every function, module and pragma it
 * lists is allowed or refused by name in {@link SqlSurface}, and the lockdown treats it so. A new
 * SQLite version that adds anything fails here until someone audits the addition.
 */
class SqlSurfaceAuditTest {
  private static final TenantLockdown LOCKDOWN = new TenantLockdown(TenantQuotas.DEFAULT);

  @TempDir Path data;

  @Test
  void everyFunctionSqliteListsIsAudited() {
    Set<String> unaudited = new TreeSet<>();
    for (SqlSurface.Listed f : SqlSurface.offeredFunctions()) {
      if (!SqlSurface.FUNCTIONS.contains(f.name())
          && !SqlSurface.REFUSED_FUNCTIONS.containsKey(f.name())) {
        unaudited.add(f.name());
      }
    }
    assertEquals(Set.of(), unaudited, "functions SQLite offers that SqlSurface does not name");
  }

  @Test
  void everyModuleSqliteListsIsAudited() {
    Set<String> unaudited = new TreeSet<>(SqlSurface.offeredModules());
    unaudited.removeAll(SqlSurface.MODULES);
    unaudited.removeAll(SqlSurface.TABLE_FUNCTIONS);
    unaudited.removeAll(SqlSurface.REFUSED_MODULES.keySet());
    assertEquals(Set.of(), unaudited, "modules SQLite offers that SqlSurface does not name");
  }

  @Test
  void everyPragmaSqliteListsIsAudited() {
    Set<String> unaudited = new TreeSet<>(SqlSurface.offeredPragmas());
    unaudited.removeAll(SqlSurface.PRAGMAS.keySet());
    unaudited.removeAll(SqlSurface.REFUSED_PRAGMAS.keySet());
    assertEquals(Set.of(), unaudited, "pragmas SQLite offers that SqlSurface does not name");
  }

  @Test
  void noNameIsBothAllowedAndRefused() {
    Set<String> both = new HashSet<>(SqlSurface.FUNCTIONS);
    both.retainAll(SqlSurface.REFUSED_FUNCTIONS.keySet());
    assertEquals(Set.of(), both);
    both = new HashSet<>(SqlSurface.MODULES);
    both.retainAll(SqlSurface.REFUSED_MODULES.keySet());
    assertEquals(Set.of(), both);
    both = new HashSet<>(SqlSurface.PRAGMAS.keySet());
    both.retainAll(SqlSurface.REFUSED_PRAGMAS.keySet());
    assertEquals(Set.of(), both);
  }

  @Test
  void theLockdownFollowsTheAuditForEveryListedFunction() {
    for (SqlSurface.Listed f : SqlSurface.offeredFunctions()) {
      if (!f.name().matches("[A-Z_0-9]+")) {
        continue; // the operators -> and ->>
      }
      String call = "select " + f.name().toLowerCase(Locale.ROOT) + "(1)";
      boolean refused = LOCKDOWN.classify(call).refused().isPresent();
      assertEquals(!SqlSurface.FUNCTIONS.contains(f.name()), refused, call);
    }
  }

  @Test
  void theLockdownFollowsTheAuditForEveryListedModuleAndPragma() {
    for (String module : SqlSurface.offeredModules()) {
      if (SqlSurface.TABLE_FUNCTIONS.contains(module)) {
        continue; // eponymous: queried, not created
      }
      String create = "create virtual table x using " + module.toLowerCase(Locale.ROOT);
      assertEquals(
          !SqlSurface.MODULES.contains(module),
          LOCKDOWN.classify(create).refused().isPresent(),
          create);
    }
    for (String pragma : SqlSurface.offeredPragmas()) {
      String read = "pragma " + pragma.toLowerCase(Locale.ROOT);
      assertEquals(
          !SqlSurface.PRAGMAS.containsKey(pragma),
          LOCKDOWN.classify(read).refused().isPresent(),
          read);
      String table = "select * from pragma_" + pragma.toLowerCase(Locale.ROOT);
      assertEquals(
          !SqlSurface.PRAGMAS.containsKey(pragma),
          LOCKDOWN.classify(table).refused().isPresent(),
          table);
    }
  }

  /**
   * The Postgres catalog's functions are callable by every tenant and registered over whatever the
   * connection had: none may take the name of something the surface refuses, or registering it
   * would lift the refusal.
   */
  @Test
  void theCatalogsFunctionsTakeNoNameTheSurfaceRefuses() {
    Set<String> refused = new HashSet<>(SqlSurface.REFUSED_FUNCTIONS.keySet());
    SqlSurface.functionsToShadow().forEach(f -> refused.add(f.name()));
    refused.addAll(SqlSurface.REFUSED_MODULES.keySet());
    refused.addAll(SqlSurface.REFUSED_PRAGMAS.keySet());
    Set<String> clashes = new TreeSet<>();
    for (String f : TenantCatalog.functionNames()) {
      if (refused.contains(f.toUpperCase(Locale.ROOT))) {
        clashes.add(f);
      }
    }
    assertEquals(Set.of(), clashes);
  }

  /**
   * Every refused function SQLite lists fails on a tenant connection, whatever the tokens say, also
   * once the Postgres catalog has put its functions and views on the connection.
   */
  @Test
  void everyRefusedListedFunctionIsShadowedOnATenantConnection() throws Exception {
    try (SQLiteConnection c =
            new TenantStore(data, Synchronous.FULL, Duration.ofMillis(100), LOCKDOWN)
                .open(1, "acme");
        Statement s = c.createStatement()) {
      String catalogQuery = "select format_type(oid, null) from pg_type where typname = 'int4'";
      assertEquals(Optional.empty(), LOCKDOWN.admit(c, catalogQuery));
      try (ResultSet rs = s.executeQuery(catalogQuery)) {
        assertTrue(rs.next());
        assertEquals("integer", rs.getString(1));
      }
      for (SqlSurface.Listed f : SqlSurface.functionsToShadow()) {
        int arity = Math.max(0, f.arity());
        String args = String.join(", ", java.util.Collections.nCopies(arity, "null"));
        String sql = "select " + f.name().toLowerCase(Locale.ROOT) + "(" + args + ")";
        try (ResultSet rs = s.executeQuery(sql)) {
          rs.next();
          throw new AssertionError(sql + " ran");
        } catch (java.sql.SQLException e) {
          assertTrue(e.getMessage().contains("not authorized"), sql + ": " + e.getMessage());
        }
      }
    }
  }

  @Test
  void refusalsAreInsufficientPrivilege() {
    assertEquals(
        SqlState.INSUFFICIENT_PRIVILEGE,
        LOCKDOWN.classify("select fts3_tokenizer(?)").refused().orElseThrow().state());
  }
}
