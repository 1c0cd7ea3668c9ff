/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.pgsql.SearchPath;
import io.rhizome.pgsql.session.SessionCommand;
import io.rhizome.proto.PgType;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.util.List;
import java.util.Optional;

/**
 * {@code SELECT f(...)} of the Postgres functions about the session that clients and tools call on
 * their own, answered from the session's state without a node: {@code version()}, {@code
 * current_schema}, {@code current_schemas(b)}, {@code current_database()}, {@code current_catalog},
 * {@code current_user}, {@code session_user}, {@code pg_backend_pid()}, {@code current_setting(name
 * [, missing_ok])}, {@code set_config(name, value, is_local)} and {@code pg_advisory_unlock_all()}
 * (asyncpg's reset query; there are no advisory locks to release). Inside larger statements the
 * translation turns the same functions into constants.
 */
final class SessionFunctions {
  private SessionFunctions() {}

  static LocalStatement of(SessionCommand.Call call) {
    List<String> args = call.args();
    String column = call.column();
    return switch (call.function()) {
      case "version" -> text(column, s -> ServerIdentity.VERSION_STRING);
      case "current_schema" -> text(column, SearchPath::currentSchema);
      case "current_schemas" ->
          text(
              column,
              s ->
                  "{"
                      + String.join(
                          ",", SearchPath.currentSchemas(s, !args.isEmpty() && isTrue(args.get(0))))
                      + "}");
      case "current_database", "current_catalog" -> text(column, SessionSettings::database);
      case "current_user", "session_user", "user", "current_role" ->
          text(column, SessionSettings::user);
      case "pg_backend_pid" ->
          settings ->
              answer(
                  settings, column, PgType.INT4, Results.integer(settings.backendPid()), List.of());
      case "current_setting" -> currentSetting(args, column);
      case "set_config" -> setConfig(args, column);
      case "pg_advisory_unlock_all" -> text(column, s -> "");
      default ->
          settings -> {
            throw PgException.error(
                SqlState.UNDEFINED_FUNCTION, "function " + call.function() + "() does not exist");
          };
    };
  }

  private static LocalStatement currentSetting(List<String> args, String column) {
    if (args.isEmpty() || args.get(0) == null) {
      return text(column, s -> null);
    }
    boolean missingOk = args.size() > 1 && isTrue(args.get(1));
    return settings ->
        answer(
            settings,
            column,
            PgType.TEXT,
            LocalStatements.textOrNull(
                missingOk
                    ? settings.settingIfExists(args.get(0)).orElse(null)
                    : settings.show(args.get(0))),
            List.of());
  }

  /** set_config(name, value, is_local): SET (or SET LOCAL), answering the new value. */
  private static LocalStatement setConfig(List<String> args, String column) {
    if (args.size() != 3) {
      return settings -> {
        throw PgException.error(
            SqlState.UNDEFINED_FUNCTION, "function set_config() takes three arguments");
      };
    }
    String name = args.get(0);
    String value = args.get(1);
    boolean isLocal = isTrue(args.get(2));
    return settings -> {
      if (name == null) {
        throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "SET requires parameter name");
      }
      Optional<ParameterStatus> reported =
          value == null ? settings.reset(name) : settings.set(name, value, isLocal);
      return answer(
          settings,
          column,
          PgType.TEXT,
          LocalStatements.textOrNull(settings.settingIfExists(name).orElse(null)),
          reported.map(List::of).orElse(List.of()));
    };
  }

  private static LocalStatement text(
      String column, java.util.function.Function<SessionSettings, String> value) {
    return settings ->
        answer(
            settings,
            column,
            PgType.TEXT,
            LocalStatements.textOrNull(value.apply(settings)),
            List.of());
  }

  private static LocalStatement.Result answer(
      SessionSettings settings,
      String column,
      PgType type,
      Value value,
      List<ParameterStatus> reported) {
    return LocalStatements.result(
        settings,
        reported,
        Results.rows(
            List.of(Results.column(column, type)), List.of(Results.row(value)), "SELECT 1"));
  }

  private static boolean isTrue(String v) {
    return v != null && (v.equals("t") || v.equalsIgnoreCase("true") || v.equals("1"));
  }
}
