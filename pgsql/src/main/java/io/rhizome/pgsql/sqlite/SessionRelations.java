/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.NodeCatalog;
import io.rhizome.pgsql.SessionContext;
import io.rhizome.pgsql.Strings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The catalog relations whose rows are the session's, not the tenant's schema's: {@code
 * pg_settings} (the session's settings, kept at the gateway) and the roles ({@code pg_roles},
 * {@code pg_user}, {@code pg_authid}: the session's user, as role 10, the owner of every object the
 * node's catalog shows). They are written into the statement as subqueries of constants.
 */
final class SessionRelations {
  /** The OID of the session's role: Postgres' bootstrap superuser's, which owns the catalog. */
  static final int ROLE_OID = 10;

  private static final Set<String> NAMES =
      Set.of("pg_settings", "pg_roles", "pg_user", "pg_authid", "pg_shadow");

  private static final String FALSE =
      "(SELECT "
          + NodeCatalog.BOOL_COLUMN
          + " FROM "
          + NodeCatalog.BOOL_TABLE
          + " WHERE "
          + NodeCatalog.BOOL_COLUMN
          + " = 0)";

  private final SessionContext ctx;

  SessionRelations(SessionContext ctx) {
    this.ctx = ctx;
  }

  boolean has(String relation) {
    return NAMES.contains(relation);
  }

  /** The relation as a parenthesized subquery with Postgres' column names. */
  String subquery(String relation) {
    String user = Strings.literal(ctx.user());
    String owner = Strings.literal(DATABASE_OWNER_NAME);
    return switch (relation) {
      case "pg_settings" -> settings();
      case "pg_roles" ->
          typed(
              ROLES,
              List.of(
                  new String[] {
                    user,
                    "0",
                    "1",
                    "0",
                    "0",
                    "1",
                    "0",
                    "-1",
                    "'********'",
                    "NULL",
                    "0",
                    "NULL",
                    "" + ROLE_OID
                  },
                  new String[] {
                    owner,
                    "0",
                    "1",
                    "0",
                    "0",
                    "0",
                    "0",
                    "-1",
                    "'********'",
                    "NULL",
                    "0",
                    "NULL",
                    "" + DATABASE_OWNER_OID
                  }));
      case "pg_authid" ->
          typed(
              AUTHID,
              List.of(
                  new String[] {
                    "" + ROLE_OID, user, "0", "1", "0", "0", "1", "0", "0", "-1", "NULL", "NULL"
                  },
                  new String[] {
                    "" + DATABASE_OWNER_OID,
                    owner,
                    "0",
                    "1",
                    "0",
                    "0",
                    "0",
                    "0",
                    "0",
                    "-1",
                    "NULL",
                    "NULL"
                  }));
      case "pg_user", "pg_shadow" ->
          typed(
              USERS,
              List.<String[]>of(
                  new String[] {
                    user,
                    "" + ROLE_OID,
                    "0",
                    "0",
                    "0",
                    "0",
                    relation.equals("pg_user") ? "'********'" : "NULL",
                    "NULL",
                    "NULL"
                  }));
      default -> throw new IllegalArgumentException(relation);
    };
  }

  /** pg_database_owner: the owner of schema public. */
  static final int DATABASE_OWNER_OID = 6171;

  static final String DATABASE_OWNER_NAME = "pg_database_owner";

  private static final String[][] ROLES = {
    {"rolname", "name"},
    {"rolsuper", "bool"},
    {"rolinherit", "bool"},
    {"rolcreaterole", "bool"},
    {"rolcreatedb", "bool"},
    {"rolcanlogin", "bool"},
    {"rolreplication", "bool"},
    {"rolconnlimit", "int4"},
    {"rolpassword", "text"},
    {"rolvaliduntil", "timestamptz"},
    {"rolbypassrls", "bool"},
    {"rolconfig", "_text"},
    {"oid", "oid"}
  };

  private static final String[][] AUTHID = {
    {"oid", "oid"},
    {"rolname", "name"},
    {"rolsuper", "bool"},
    {"rolinherit", "bool"},
    {"rolcreaterole", "bool"},
    {"rolcreatedb", "bool"},
    {"rolcanlogin", "bool"},
    {"rolreplication", "bool"},
    {"rolbypassrls", "bool"},
    {"rolconnlimit", "int4"},
    {"rolpassword", "text"},
    {"rolvaliduntil", "timestamptz"}
  };

  private static final String[][] USERS = {
    {"usename", "name"},
    {"usesysid", "oid"},
    {"usecreatedb", "bool"},
    {"usesuper", "bool"},
    {"userepl", "bool"},
    {"usebypassrls", "bool"},
    {"passwd", "text"},
    {"valuntil", "timestamptz"},
    {"useconfig", "_text"}
  };

  /**
   * Rows of constants with Postgres' column types: the rows, then an empty arm over the node's
   * typed relation (SQLite takes a compound's column types from its last arm).
   */
  private static String typed(String[][] columns, List<String[]> rows) {
    StringBuilder sb = new StringBuilder("(");
    for (int r = 0; r < rows.size(); r++) {
      sb.append(r == 0 ? "SELECT " : " UNION ALL SELECT ");
      String[] row = rows.get(r);
      for (int i = 0; i < columns.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(row[i]);
        if (r == 0) {
          sb.append(" AS ").append(columns[i][0]);
        }
      }
    }
    sb.append(" UNION ALL SELECT ");
    for (int i = 0; i < columns.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(NodeCatalog.typedColumn(columns[i][1]));
    }
    return sb.append(" FROM ").append(NodeCatalog.TYPES_TABLE).append(" WHERE 0)").toString();
  }

  private String settings() {
    List<String> rows = new ArrayList<>();
    for (SessionContext.SettingRow r : ctx.settings()) {
      rows.add(
          "("
              + String.join(
                  ", ",
                  lit(r.name()),
                  lit(r.setting()),
                  lit(r.unit()),
                  lit(r.category()),
                  lit(r.shortDesc()),
                  "NULL",
                  lit(r.context()),
                  lit(r.vartype()),
                  lit(r.source()),
                  "NULL",
                  "NULL",
                  "NULL",
                  lit(r.bootVal()),
                  lit(r.resetVal()),
                  "NULL",
                  "NULL",
                  FALSE)
              + ")");
    }
    String[] columns = {
      "name",
      "setting",
      "unit",
      "category",
      "short_desc",
      "extra_desc",
      "context",
      "vartype",
      "source",
      "min_val",
      "max_val",
      "enumvals",
      "boot_val",
      "reset_val",
      "sourcefile",
      "sourceline",
      "pending_restart"
    };
    StringBuilder sb = new StringBuilder("(SELECT ");
    for (int i = 0; i < columns.length; i++) {
      sb.append(i == 0 ? "" : ", ")
          .append("column")
          .append(i + 1)
          .append(" AS ")
          .append(columns[i]);
    }
    return sb.append(" FROM (VALUES ").append(String.join(", ", rows)).append("))").toString();
  }

  private static String lit(String value) {
    return value == null ? "NULL" : Strings.literal(value);
  }
}
