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

  private static final String FALSE = "(SELECT b FROM " + NodeCatalog.BOOL_TABLE + " WHERE b = 0)";
  private static final String TRUE = "(SELECT b FROM " + NodeCatalog.BOOL_TABLE + " WHERE b = 1)";

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
    return switch (relation) {
      case "pg_settings" -> settings();
      case "pg_roles" ->
          "(SELECT "
              + user
              + " AS rolname, "
              + FALSE
              + " AS rolsuper, "
              + TRUE
              + " AS rolinherit, "
              + FALSE
              + " AS rolcreaterole, "
              + FALSE
              + " AS rolcreatedb, "
              + TRUE
              + " AS rolcanlogin, "
              + FALSE
              + " AS rolreplication, -1 AS rolconnlimit,"
              + " '********' AS rolpassword, NULL AS rolvaliduntil, "
              + FALSE
              + " AS rolbypassrls, NULL AS rolconfig, "
              + ROLE_OID
              + " AS oid)";
      case "pg_user" ->
          "(SELECT "
              + user
              + " AS usename, "
              + ROLE_OID
              + " AS usesysid, "
              + FALSE
              + " AS usecreatedb, "
              + FALSE
              + " AS usesuper, "
              + FALSE
              + " AS userepl, "
              + FALSE
              + " AS usebypassrls, '********' AS passwd, NULL AS valuntil, NULL AS useconfig)";
      case "pg_authid" ->
          "(SELECT "
              + ROLE_OID
              + " AS oid, "
              + user
              + " AS rolname, "
              + FALSE
              + " AS rolsuper, "
              + TRUE
              + " AS rolinherit, "
              + FALSE
              + " AS rolcreaterole, "
              + FALSE
              + " AS rolcreatedb, "
              + TRUE
              + " AS rolcanlogin, "
              + FALSE
              + " AS rolreplication, "
              + FALSE
              + " AS rolbypassrls, -1 AS rolconnlimit, NULL AS rolpassword,"
              + " NULL AS rolvaliduntil)";
      case "pg_shadow" ->
          "(SELECT "
              + user
              + " AS usename, "
              + ROLE_OID
              + " AS usesysid, "
              + FALSE
              + " AS usecreatedb, "
              + FALSE
              + " AS usesuper, "
              + FALSE
              + " AS userepl, "
              + FALSE
              + " AS usebypassrls, NULL AS passwd, NULL AS valuntil, NULL AS useconfig)";
      default -> throw new IllegalArgumentException(relation);
    };
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
