/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.SessionContext;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.Strings;
import io.rhizome.pgsql.tree.Expr;
import io.rhizome.pgsql.tree.Expr.FuncCall;
import io.rhizome.pgsql.tree.Name;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Function calls: session functions become constants, Postgres functions SQLite lacks become the
 * node's (same name) or SQLite's equivalents, special syntaxes ({@code substring(x FROM a)}, {@code
 * trim(BOTH c FROM x)}, {@code position(a IN b)}) their plain forms.
 */
final class Functions {
  private Functions() {}

  /** Postgres functions that SQLite has under another name. */
  private static final Map<String, String> RENAMED =
      Map.ofEntries(
          Map.entry("json_build_object", "json_object"),
          Map.entry("jsonb_build_object", "json_object"),
          Map.entry("json_build_array", "json_array"),
          Map.entry("jsonb_build_array", "json_array"),
          Map.entry("json_agg", "json_group_array"),
          Map.entry("jsonb_agg", "json_group_array"),
          Map.entry("bool_and", "min"),
          Map.entry("every", "min"),
          Map.entry("bool_or", "max"),
          Map.entry("char_length", "length"),
          Map.entry("character_length", "length"),
          Map.entry("strpos", "instr"),
          Map.entry("btrim", "trim"));

  static String write(Writer w, FuncCall f) {
    Name name = f.name();
    String schema = name.qualifier();
    String fn = f.function();
    if (name.size() > 2
        || (schema != null
            && !schema.equals("pg_catalog")
            && !schema.equals("public")
            && !schema.equals("information_schema"))) {
      throw SqlException.unsupported("functions in schema " + schema);
    }
    if (Expressions.SET_RETURNING.contains(fn)
        || fn.equals("pg_get_keywords")
        || fn.equals("regexp_matches")
        || fn.equals("json_each")
        || fn.equals("jsonb_each")) {
      throw SqlException.unsupported("the set-returning function " + fn + "() here");
    }
    switch (f.syntax()) {
      case SUBSTRING_FROM -> {
        Expr from = f.args().get(1);
        Expr len = f.args().get(2);
        return "substr("
            + w.writeChild(f.args().get(0))
            + ", "
            + (from == null ? "1" : w.writeChild(from))
            + (len == null ? "" : ", " + w.writeChild(len))
            + ")";
      }
      case TRIM -> {
        String side =
            switch (f.trimSide()) {
              case "LEADING" -> "ltrim";
              case "TRAILING" -> "rtrim";
              default -> "trim";
            };
        Expr chars = f.args().get(1);
        return side
            + "("
            + w.writeChild(f.args().get(0))
            + (chars == null ? "" : ", " + w.writeChild(chars))
            + ")";
      }
      case POSITION -> {
        return "instr("
            + w.writeChild(f.args().get(1))
            + ", "
            + w.writeChild(f.args().get(0))
            + ")";
      }
      case EXTRACT -> {
        // The node's date_part (io.rhizome.node.catalog.DateFunctions) reads the field.
        return "date_part("
            + Strings.literal(((Expr.Literal) f.args().get(0)).value())
            + ", "
            + w.writeChild(f.args().get(1))
            + ")";
      }
      case OVERLAY -> throw SqlException.unsupported("overlay()");
      default -> {}
    }
    Optional<String> session = session(w, f, fn);
    if (session.isPresent()) {
      return session.get();
    }
    if (fn.startsWith("pg_advisory_") || fn.startsWith("pg_try_advisory_")) {
      // A lock that would not exclude anything must not look taken (QuickScan flags the names).
      throw SqlException.unsupported("the advisory lock function " + fn + "()");
    }
    if (fn.equals("pg_notify")) {
      throw SqlException.unsupported("pg_notify() (NOTIFY)");
    }
    if (fn.startsWith("has_") && fn.endsWith("_privilege") || fn.equals("pg_has_role")) {
      // A tenant's user owns everything in its database.
      return "TRUE";
    }
    if ((fn.equals("greatest") || fn.equals("least")) && f.args().size() > 1) {
      return greatestOrLeast(w, f.args(), fn.equals("greatest") ? "max" : "min");
    }
    String renamed = RENAMED.get(fn);
    if (renamed != null) {
      return w.copyNode(f, Writer.identity(name, renamed));
    }
    if (schema != null) {
      // pg_catalog.f and public.f: SQLite has no schemas for functions.
      String own = name.quoted().get(1) ? Strings.identifier(fn) : fn;
      return w.copyNode(f, Writer.identity(name, own));
    }
    return w.copyNode(f);
  }

  /**
   * greatest/least ignore NULLs (NULL only when every argument is); SQLite's max/min of several
   * arguments are NULL when any is. Each argument is taken with the others as fallbacks, so a NULL
   * stands for some other argument: {@code max(coalesce(a, b), coalesce(b, a))}.
   */
  private static String greatestOrLeast(Writer w, List<Expr> args, String sqlite) {
    List<String> written = new java.util.ArrayList<>();
    for (Expr a : args) {
      written.add(w.writeChild(a));
    }
    StringBuilder out = new StringBuilder(sqlite).append('(');
    for (int i = 0; i < written.size(); i++) {
      out.append(i == 0 ? "" : ", ").append("coalesce(");
      for (int k = 0; k < written.size(); k++) {
        out.append(k == 0 ? "" : ", ").append(written.get((i + k) % written.size()));
      }
      out.append(')');
    }
    return out.append(')').toString();
  }

  /** The constant a session function stands for, if {@code fn} is one. */
  private static Optional<String> session(Writer w, FuncCall f, String fn) {
    SessionContext ctx = w.context();
    List<Expr> args = f.args();
    return switch (fn) {
      case "version" -> Optional.of(Strings.literal(ctx.versionString()));
      case "current_database" -> Optional.of(Strings.literal(ctx.database()));
      case "current_schema" -> Optional.of(SessionValues.currentSchema(ctx));
      case "current_schemas" -> {
        boolean implicit = args.size() == 1 && isTrue(args.get(0));
        yield Optional.of(SessionValues.currentSchemas(ctx, implicit));
      }
      case "pg_backend_pid" -> Optional.of(Integer.toString(ctx.backendPid()));
      case "current_setting" -> Optional.of(currentSetting(ctx, args));
      case "set_config" -> Optional.of(unchangedSetting(ctx, args));
      case "pg_get_userbyid" -> {
        if (args.size() != 1) {
          yield Optional.empty();
        }
        String oid = w.writeChild(args.get(0));
        yield Optional.of(
            "(CASE WHEN ("
                + oid
                + ") IS NULL THEN NULL WHEN ("
                + oid
                + ") = "
                + SessionRelations.ROLE_OID
                + " THEN "
                + Strings.literal(ctx.user())
                + " WHEN ("
                + oid
                + ") = "
                + SessionRelations.DATABASE_OWNER_OID
                + " THEN '"
                + SessionRelations.DATABASE_OWNER_NAME
                + "' ELSE 'unknown (OID=' || ("
                + oid
                + ") || ')' END)");
      }
      case "inet_client_addr", "inet_client_port", "inet_server_addr", "inet_server_port" ->
          Optional.of("NULL");
      case "pg_is_in_recovery" -> Optional.of("FALSE");
      case "now", "transaction_timestamp", "statement_timestamp", "clock_timestamp" ->
          args.isEmpty() ? Optional.of(Clock.of("CURRENT_TIMESTAMP", false)) : Optional.empty();
      case "current_timestamp", "localtimestamp", "current_time", "localtime" ->
          Optional.of(Clock.of(fn.toUpperCase(java.util.Locale.ROOT), true));
      case "gen_random_uuid" -> args.isEmpty() ? Optional.of(Clock.RANDOM_UUID) : Optional.empty();
      case "pg_my_temp_schema" -> Optional.of("0");
      case "pg_postmaster_start_time", "pg_conf_load_time" -> Optional.of("NULL");
      case "txid_current", "pg_current_xact_id" -> throw SqlException.unsupported(fn + "()");
      case "nextval", "currval", "setval" -> sequenceCall(w, f, fn);
      default -> Optional.empty();
    };
  }

  /**
   * A sequence function whose sequence is written {@code 's'::regclass} (pg_dump's and the
   * catalog's spelling): the node's function takes the name's text.
   */
  private static Optional<String> sequenceCall(Writer w, FuncCall f, String fn) {
    List<Expr> args = f.args();
    if (args.isEmpty()
        || !(args.get(0) instanceof Expr.Cast c)
        || !Set.of("regclass", "text").contains(c.type().canonical().toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder(fn).append('(').append(w.writeChild(c.operand()));
    for (int k = 1; k < args.size(); k++) {
      out.append(", ").append(w.writeChild(args.get(k)));
    }
    return Optional.of(out.append(')').toString());
  }

  /**
   * set_config(name, value, false) inside a larger statement, when the setting has that value
   * already (pgAdmin's bytea_output 'hex' on connect): the value, as Postgres returns it. A change
   * would have to reach the gateway's session from inside a statement the node runs.
   */
  private static String unchangedSetting(SessionContext ctx, List<Expr> args) {
    if (args.size() == 3
        && args.get(0) instanceof Expr.Literal name
        && name.kind() == Expr.Literal.Kind.STRING
        && args.get(1) instanceof Expr.Literal value
        && value.kind() == Expr.Literal.Kind.STRING
        && args.get(2) instanceof Expr.Literal local
        && local.kind() == Expr.Literal.Kind.FALSE
        && ctx.settingIfExists(name.value()).filter(value.value()::equalsIgnoreCase).isPresent()) {
      return Strings.literal(ctx.setting(name.value()));
    }
    throw SqlException.unsupported("set_config() that changes a setting inside a larger statement");
  }

  private static boolean isTrue(Expr e) {
    return e instanceof Expr.Literal l && l.kind() == Expr.Literal.Kind.TRUE;
  }

  private static String currentSetting(SessionContext ctx, List<Expr> args) {
    if (args.isEmpty()
        || !(args.get(0) instanceof Expr.Literal l)
        || l.kind() != Expr.Literal.Kind.STRING) {
      throw SqlException.unsupported("current_setting() of a name that is not a constant");
    }
    boolean missingOk = args.size() > 1 && isTrue(args.get(1));
    if (missingOk) {
      return ctx.settingIfExists(l.value()).map(Strings::literal).orElse("NULL");
    }
    return Strings.literal(ctx.setting(l.value()));
  }
}
