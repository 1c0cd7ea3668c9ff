/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.pgsql.Lexer;
import io.rhizome.pgsql.Token;
import io.rhizome.proto.SqlState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminParserTest {

  private static SqlState failure(String statement) {
    return assertThrows(PgException.class, () -> AdminParser.parse(statement)).error().state();
  }

  @Test
  void parsesShowStatementsCaseInsensitively() {
    assertEquals(new AdminCommand.ShowTenants(), AdminParser.parse("show tenants"));
    assertEquals(
        new AdminCommand.ShowTenants("ac", "acme", 50),
        AdminParser.parse("SHOW TENANTS PREFIX 'ac' AFTER 'acme' LIMIT 50"));
    assertEquals(
        new AdminCommand.ExportTenants("", "x", 1000),
        AdminParser.parse("export tenants after 'x'"));
    assertEquals(new AdminCommand.ShowNodes(), AdminParser.parse("SHOW  NODES"));
    assertEquals(new AdminCommand.ShowShards(), AdminParser.parse("Show Shards -- all of them"));
    assertEquals(new AdminCommand.ShowStatus(), AdminParser.parse("show status"));
    assertEquals(
        new AdminCommand.ShowPlacement("acme-2"), AdminParser.parse("SHOW PLACEMENT acme-2"));
  }

  @Test
  void parsesImportRowsAndNeverEchoesTheirPasswords() {
    AdminCommand parsed =
        AdminParser.parse(
            "IMPORT TENANTS VALUES ('a', 'u', 'p''w'), ('b', 'v', 'SCRAM-SHA-256$x')");
    assertEquals(
        new AdminCommand.ImportTenants(
            List.of(
                new AdminCommand.ImportRow("a", "u", "p'w"),
                new AdminCommand.ImportRow("b", "v", "SCRAM-SHA-256$x"))),
        parsed);
    assertFalse(parsed.toString().contains("p'w"), parsed.toString());
    for (String bad :
        List.of(
            "IMPORT TENANTS VALUES",
            "IMPORT TENANTS VALUES ('a', 'u')",
            "IMPORT TENANTS VALUES ('a', 'u', 'secret'",
            "IMPORT TENANTS VALUES (a, 'u', 'secret')")) {
      PgException e = assertThrows(PgException.class, () -> AdminParser.parse(bad), bad);
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
  }

  @Test
  void parsesCreateTenantWithQuotedPassword() {
    assertEquals(
        new AdminCommand.CreateTenant("acme-2", "app_user", "it's secret"),
        AdminParser.parse("CREATE TENANT Acme-2 USER app_user PASSWORD 'it''s secret'"));
  }

  @Test
  void parsesCreateTenantWithOwnShardOptionallyOnANode() {
    assertEquals(
        new AdminCommand.CreateTenant("acme", "app", "pw", true, ""),
        AdminParser.parse("CREATE TENANT acme USER app PASSWORD 'pw' WITH OWN SHARD"));
    assertEquals(
        new AdminCommand.CreateTenant("acme-2", "app", "pw", true, "Node-A.1"),
        AdminParser.parse(
            "create tenant acme-2 user app password 'pw' with own shard on node 'Node-A.1'"));
    assertEquals(
        new AdminCommand.CreateTenant("acme", "app", "pw", true, "n2"),
        AdminParser.parse("CREATE TENANT acme USER app PASSWORD 'pw' WITH OWN SHARD ON NODE N2"));
  }

  @Test
  void rejectsIncompleteOwnShardClauses() {
    assertEquals(SqlState.SYNTAX_ERROR, failure("CREATE TENANT a USER u PASSWORD 'p' WITH"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("CREATE TENANT a USER u PASSWORD 'p' WITH OWN"));
    assertEquals(
        SqlState.SYNTAX_ERROR, failure("CREATE TENANT a USER u PASSWORD 'p' WITH OWN SHARD ON"));
    assertEquals(
        SqlState.SYNTAX_ERROR,
        failure("CREATE TENANT a USER u PASSWORD 'p' WITH OWN SHARD ON NODE"));
    assertEquals(
        SqlState.SYNTAX_ERROR, failure("CREATE TENANT a USER u PASSWORD 'p' ON NODE 'n1'"));
    assertEquals(
        SqlState.INVALID_NAME,
        failure("CREATE TENANT a USER u PASSWORD 'p' WITH OWN SHARD ON NODE 'bad node'"));
  }

  @Test
  void parsesMoveTenant() {
    assertEquals(
        new AdminCommand.MoveTenant("acme-2", "Node-A.1"),
        AdminParser.parse("MOVE TENANT Acme-2 TO 'Node-A.1'"));
    assertEquals(
        new AdminCommand.MoveTenant("acme", "n2"), AdminParser.parse("move tenant acme to n2"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("MOVE TENANT acme"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("MOVE TENANT acme TO"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("MOVE TENANT acme TO 'n2' NOW"));
    assertEquals(SqlState.INVALID_NAME, failure("MOVE TENANT acme TO ''"));
  }

  @Test
  void parsesDropTenantWithDigitLeadingName() {
    assertEquals(
        new AdminCommand.DropTenant("1acme", false), AdminParser.parse("drop tenant 1acme"));
  }

  @Test
  void parsesDropTenantForce() {
    assertEquals(
        new AdminCommand.DropTenant("acme-2", true), AdminParser.parse("DROP TENANT acme-2 force"));
    assertEquals(
        new AdminCommand.DropTenant("acme", true), AdminParser.parse("DROP TENANT \"acme\" FORCE"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("DROP TENANT acme FORCE NOW"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("DROP TENANT acme CASCADE"));
  }

  @Test
  void parsesBackupAndRestoreTenantAsCopies() {
    assertEquals(
        new AdminCommand.BackupTenant("acme-2"),
        AdminParser.parse("backup tenant Acme-2 to stdout"));
    assertEquals(
        new AdminCommand.RestoreTenant("acme", false),
        AdminParser.parse("RESTORE TENANT acme FROM STDIN"));
    assertEquals(
        new AdminCommand.RestoreTenant("acme", true),
        AdminParser.parse("RESTORE TENANT acme FROM STDIN FORCE"));
    assertEquals(
        java.util.Optional.of(new AdminCommand.BackupTenant("acme")),
        AdminParser.copyCommand("BACKUP TENANT acme TO STDOUT"));
    assertEquals(java.util.Optional.empty(), AdminParser.copyCommand("SHOW TENANTS"));
    assertEquals(java.util.Optional.empty(), AdminParser.copyCommand("BACKUP TENANT acme TO '/x'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("BACKUP TENANT acme TO '/etc/passwd'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("RESTORE TENANT acme FROM PROGRAM 'x'"));
    assertEquals(SqlState.INVALID_NAME, failure("BACKUP TENANT \"../x\" TO STDOUT"));
  }

  @Test
  void parsesShowTenant() {
    assertEquals(new AdminCommand.ShowTenant("acme-2"), AdminParser.parse("show tenant Acme-2"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW TENANT"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW TENANT acme extra"));
    assertEquals(SqlState.INVALID_NAME, failure("SHOW TENANT \"../x\""));
  }

  @Test
  void parsesTenantLimits() {
    assertEquals(new AdminCommand.ShowLimits("acme"), AdminParser.parse("show limits acme"));
    assertEquals(
        new AdminCommand.AlterLimits(
            "acme",
            Map.of(TenantLimit.MAX_DATABASE_SIZE, 1048576L, TenantLimit.STATEMENT_TIMEOUT, 0L),
            Set.of()),
        AdminParser.parse(
            "ALTER TENANT acme SET max_database_size = 1048576, Statement_Timeout TO 0"));
    assertEquals(
        new AdminCommand.AlterLimits("acme", Map.of(), Set.of(TenantLimit.MAX_RESULT_ROWS)),
        AdminParser.parse("alter tenant acme reset max_result_rows"));
    assertEquals(
        new AdminCommand.AlterLimits("acme", Map.of(), Set.of(TenantLimit.values())),
        AdminParser.parse("ALTER TENANT acme RESET ALL"));
    assertTrue(AdminParser.isConsoleShow(significant("SHOW LIMITS acme")));
  }

  @Test
  void rejectsBadLimits() {
    assertEquals(SqlState.UNDEFINED_OBJECT, failure("ALTER TENANT acme SET max_size = 1"));
    assertEquals(
        SqlState.INVALID_PARAMETER_VALUE, failure("ALTER TENANT acme SET max_database_size = 0"));
    assertEquals(
        SqlState.INVALID_PARAMETER_VALUE, failure("ALTER TENANT acme SET max_result_rows = 'x'"));
    assertEquals(
        SqlState.INVALID_PARAMETER_VALUE, failure("ALTER TENANT acme SET max_result_rows = 1.5"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("ALTER TENANT acme SET max_result_rows 5"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("ALTER TENANT acme"));
  }

  @Test
  void parsesCreateAndAlterUser() {
    assertEquals(
        new AdminCommand.SetUserPassword("acme", "bob", "pw", true),
        AdminParser.parse("create user Bob in tenant acme password 'pw'"));
    assertEquals(
        new AdminCommand.SetUserPassword("acme", "bob", "new'one", false),
        AdminParser.parse("ALTER USER bob IN TENANT acme PASSWORD 'new''one'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("CREATE USER bob PASSWORD 'pw'"));
    assertEquals(
        SqlState.INVALID_PARAMETER_VALUE, failure("ALTER USER bob IN TENANT acme PASSWORD ''"));
    assertFalse(
        new AdminCommand.SetUserPassword("a", "u", "hunter2", true).toString().contains("hunter2"));
    // CREATE TENANT still parses after the CREATE USER lookahead.
    assertEquals(
        new AdminCommand.CreateTenant("acme", "app", "p"),
        AdminParser.parse("CREATE TENANT acme USER app PASSWORD 'p'"));
  }

  @Test
  void neverPrintsThePassword() {
    String shown = new AdminCommand.CreateTenant("a", "u", "hunter2").toString();
    assertFalse(shown.contains("hunter2"), shown);
  }

  @Test
  void rejectsInvalidNamesWith42602() {
    assertEquals(SqlState.INVALID_NAME, failure("DROP TENANT \"../etc\""));
    assertEquals(SqlState.INVALID_NAME, failure("CREATE TENANT \"Acme\" USER u PASSWORD 'p'"));
    assertEquals(SqlState.INVALID_NAME, failure("CREATE TENANT acme USER \"A B\" PASSWORD 'p'"));
  }

  @Test
  void rejectsUnknownOrIncompleteCommandsWith42601WithoutEchoingThem() {
    assertEquals(SqlState.SYNTAX_ERROR, failure("SELECT 1"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW TENANTS EXTRA"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("CREATE TENANT acme USER app"));
    PgException e =
        assertThrows(
            PgException.class,
            () -> AdminParser.parse("CREATE TENANT acme USER app PASSWORD hunter2"));
    assertEquals(SqlState.SYNTAX_ERROR, e.error().state());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void rejectsEmptyPassword() {
    assertEquals(
        SqlState.INVALID_PARAMETER_VALUE, failure("CREATE TENANT acme USER app PASSWORD ''"));
  }

  @Test
  void claimsOnlyItsOwnShowStatements() {
    assertTrue(AdminParser.isConsoleShow(significant("SHOW TENANTS")));
    assertTrue(AdminParser.isConsoleShow(significant("SHOW STATUS")));
    assertTrue(AdminParser.isConsoleShow(significant("SHOW PLACEMENT acme")));
    assertFalse(AdminParser.isConsoleShow(significant("SHOW application_name")));
    assertFalse(AdminParser.isConsoleShow(significant("SHOW TENANTS x")));
    assertTrue(AdminParser.isConsoleShow(significant("SHOW TENANTS LIMIT 5")));
    assertTrue(AdminParser.isConsoleShow(significant("SHOW TENANTS PREFIX 'a'")));
    assertTrue(AdminParser.isConsoleShow(significant("SHOW TENANTS AFTER 'a'")));
    assertTrue(AdminParser.isConsoleShow(significant("SHOW TENANT acme-2")));
    assertFalse(AdminParser.isConsoleShow(significant("SHOW TENANT")));
    assertFalse(AdminParser.isConsoleShow(significant("SHOW search_path")));
  }

  @Test
  void parsesShowTenantStatsWithOrderAndLimitAndKeepsATenantNamedStats() {
    assertEquals(
        new AdminCommand.ShowTenantStats("time", 20), AdminParser.parse("SHOW TENANT STATS"));
    assertEquals(
        new AdminCommand.ShowTenantStats("rows", 5),
        AdminParser.parse("show tenant stats order by ROWS limit 5"));
    assertEquals(
        new AdminCommand.ShowTenantStats("last_active", 20),
        AdminParser.parse("SHOW TENANT STATS ORDER BY last_active"));
    assertEquals(
        new AdminCommand.ShowTenantStats("time", 10000),
        AdminParser.parse("SHOW TENANT STATS LIMIT 10000"));
    // A tenant called "stats", or whose name starts with it, is still a tenant.
    assertEquals(new AdminCommand.ShowTenant("stats"), AdminParser.parse("SHOW TENANT \"stats\""));
    assertEquals(new AdminCommand.ShowTenant("stats-2"), AdminParser.parse("SHOW TENANT stats-2"));
    assertTrue(AdminParser.isConsoleShow(significant("SHOW TENANT STATS")));
    assertEquals(SqlState.UNDEFINED_COLUMN, failure("SHOW TENANT STATS ORDER BY tenant"));
    assertEquals(SqlState.UNDEFINED_COLUMN, failure("SHOW TENANT STATS ORDER BY"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW TENANT STATS ORDER rows"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW TENANT STATS LIMIT 0"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW TENANT STATS LIMIT 10001"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW TENANT STATS LIMIT many"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW TENANT STATS LIMIT 3 ORDER BY rows"));
  }

  @Test
  void parsesShowSessionsForAllOrOneTenantAndClaimsIt() {
    assertEquals(new AdminCommand.ShowSessions(""), AdminParser.parse("show sessions"));
    assertEquals(
        new AdminCommand.ShowSessions("acme-2"),
        AdminParser.parse("SHOW SESSIONS FOR TENANT Acme-2"));
    assertEquals(
        new AdminCommand.ShowSessions("acme"),
        AdminParser.parse("Show Sessions for tenant \"acme\" -- one tenant"));
    assertTrue(AdminParser.isConsoleShow(significant("SHOW SESSIONS")));
    assertTrue(AdminParser.isConsoleShow(significant("SHOW SESSIONS FOR TENANT acme")));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW SESSIONS acme"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW SESSIONS FOR acme"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW SESSIONS FOR TENANT"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW SESSIONS FOR TENANT acme bob"));
    assertEquals(SqlState.INVALID_NAME, failure("SHOW SESSIONS FOR TENANT \"Not Valid\""));
  }

  @Test
  void parsesShowMovesAndClaimsIt() {
    assertEquals(new AdminCommand.ShowMoves(), AdminParser.parse("show moves"));
    assertTrue(AdminParser.isConsoleShow(significant("SHOW MOVES")));
    assertEquals(SqlState.SYNTAX_ERROR, failure("SHOW MOVES 7"));
  }

  @Test
  void parsesMoveShardWithANodeIdKeptAsWritten() {
    assertEquals(
        new AdminCommand.MoveShard(7, "Node-A.1"), AdminParser.parse("MOVE SHARD 7 TO 'Node-A.1'"));
    assertEquals(new AdminCommand.MoveShard(0, "n2"), AdminParser.parse("move shard 0 to N2"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("MOVE SHARD -1 TO 'n2'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("MOVE SHARD x TO 'n2'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("MOVE SHARD 1.5 TO 'n2'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("MOVE SHARD 99999999999 TO 'n2'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("MOVE SHARD 7 'n2'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("MOVE SHARD 7 TO"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("MOVE SHARD 7 TO 'n2' NOW"));
    assertEquals(SqlState.INVALID_NAME, failure("MOVE SHARD 7 TO ''"));
    assertEquals(SqlState.INVALID_NAME, failure("MOVE SHARD 7 TO '" + "x".repeat(129) + "'"));
    assertEquals(SqlState.INVALID_NAME, failure("MOVE SHARD 7 TO '../n2'"));
    assertEquals(SqlState.INVALID_NAME, failure("DRAIN NODE 'n 1'"));
  }

  @Test
  void parsesPromoteShard() {
    assertEquals(
        new AdminCommand.PromoteShard(3, "n2"), AdminParser.parse("PROMOTE SHARD 3 TO 'n2'"));
    assertEquals(
        new AdminCommand.PromoteShard(0, "n2"), AdminParser.parse("promote shard 0 to N2"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("PROMOTE SHARD -1 TO 'n2'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("PROMOTE 3 TO 'n2'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("PROMOTE SHARD 3"));
    assertEquals(SqlState.INVALID_NAME, failure("PROMOTE SHARD 3 TO '../n2'"));
  }

  @Test
  void parsesRestoreToAMoment() {
    assertEquals(
        new AdminCommand.RestoreTenantAt("acme", 1_765_000_000_000L, false),
        AdminParser.parse("RESTORE TENANT acme AT '2025-12-06T05:46:40Z'"));
    assertEquals(
        new AdminCommand.RestoreTenantAt("acme", 1_765_000_000_123L, true),
        AdminParser.parse("restore tenant acme at '2025-12-06 05:46:40.123+00' force"));
    assertEquals(
        new AdminCommand.RestoreTenantAt("acme", 1_765_000_000_000L, false),
        AdminParser.parse("RESTORE TENANT acme AT '2025-12-06T05:46:40'"));
    assertEquals(
        new AdminCommand.RestoreTenant("acme", true),
        AdminParser.parse("RESTORE TENANT acme FROM STDIN FORCE"));
    assertEquals(SqlState.INVALID_DATETIME_FORMAT, failure("RESTORE TENANT acme AT 'yesterday'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("RESTORE TENANT acme AT now"));
  }

  @Test
  void parsesCancelMove() {
    assertEquals(new AdminCommand.CancelMove("a1B2"), AdminParser.parse("CANCEL MOVE 'a1B2'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("CANCEL MOVE"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("CANCEL SHARD 'a1'"));
  }

  @Test
  void parsesDrainAndUndrain() {
    assertEquals(new AdminCommand.DrainNode("n1", true), AdminParser.parse("DRAIN NODE 'n1'"));
    assertEquals(new AdminCommand.DrainNode("n1", false), AdminParser.parse("undrain node 'n1'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("DRAIN 'n1'"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("DRAIN NODE 'n1' 'n2'"));
  }

  @Test
  void parsesRebalanceAndItsDryRun() {
    assertEquals(new AdminCommand.Rebalance(false), AdminParser.parse("REBALANCE"));
    assertEquals(new AdminCommand.Rebalance(true), AdminParser.parse("rebalance dry run"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("REBALANCE DRY"));
    assertEquals(SqlState.SYNTAX_ERROR, failure("REBALANCE NOW"));
  }

  private static List<Token> significant(String s) {
    return Lexer.tokenize(s).stream().filter(Token::isSignificant).toList();
  }
}
