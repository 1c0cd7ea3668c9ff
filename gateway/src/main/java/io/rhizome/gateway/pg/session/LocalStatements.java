/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.pgsql.SearchPath;
import io.rhizome.pgsql.session.SessionCommand;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Row;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements the gateway answers itself, from the session commands the classifier recognises
 * ({@link SessionCommand}): SET, RESET, SHOW, DISCARD, the statements pools send to reset a session
 * (CLOSE ALL, UNLISTEN *), and a SELECT of one session function (version(), current_setting(),
 * set_config(), ...). SQLite has none of them.
 *
 * <p>A SET inside a transaction the client rolls back stays set (Postgres would undo it); SET LOCAL
 * ends with its transaction, as in Postgres.
 */
final class LocalStatements {
  private LocalStatements() {}

  /** The statement that answers {@code command}. */
  static LocalStatement of(SessionCommand command) {
    if (command instanceof SessionCommand.Set set) {
      return set(set);
    }
    if (command instanceof SessionCommand.Reset reset) {
      if (reset.name() == null) {
        return settings -> result(settings, settings.resetAll(), complete("RESET"));
      }
      return settings -> result(settings, listOf(settings.reset(reset.name())), complete("RESET"));
    }
    if (command instanceof SessionCommand.Show show) {
      return show(show.name());
    }
    if (command instanceof SessionCommand.Discard discard) {
      return discard(discard.what());
    }
    if (command instanceof SessionCommand.NoOp noOp) {
      return settings -> result(settings, List.of(), complete(noOp.tag()));
    }
    return SessionFunctions.of((SessionCommand.Call) command);
  }

  /** Whether the command returns rows (so a Describe may run it to learn its columns). */
  static boolean returnsRows(SessionCommand command) {
    return command instanceof SessionCommand.Show || command instanceof SessionCommand.Call;
  }

  private static LocalStatement set(SessionCommand.Set set) {
    if (set.values() == null) {
      return settings -> {
        if (set.local()) {
          return result(settings, List.of(), complete("SET"));
        }
        return result(settings, listOf(settings.reset(set.name())), complete("SET"));
      };
    }
    String value = value(set.name(), set.values());
    return settings ->
        result(settings, listOf(settings.set(set.name(), value, set.local())), complete("SET"));
  }

  /**
   * The value a SET list stands for: list parameters (search_path) quote their items as SHOW prints
   * them; other parameters take their items as written, joined.
   */
  static String value(String name, List<SessionCommand.Value> items) {
    List<String> parts = new ArrayList<>();
    boolean list = SessionSettings.isListQuoted(name);
    for (SessionCommand.Value v : items) {
      parts.add(
          list && v.kind() != SessionCommand.Value.Kind.NUMBER
              ? SearchPath.quoteItem(v.text())
              : v.text());
    }
    return String.join(", ", parts);
  }

  /**
   * DISCARD ALL resets every setting (with ParameterStatus for the reported ones), as a connection
   * pool's reset query expects; DISCARD PLANS and SEQUENCES have nothing to discard here. DISCARD
   * TEMP is refused: temporary tables live in the node's SQLite connection, out of the gateway's
   * reach, so DISCARD ALL does not drop them either.
   */
  private static LocalStatement discard(String what) {
    return switch (what) {
      case "ALL" ->
          new LocalStatement() {
            @Override
            public Result execute(SessionSettings settings) {
              return result(settings, settings.resetAll(), complete("DISCARD ALL"));
            }

            @Override
            public Optional<String> outsideTransactionOnly() {
              return Optional.of("DISCARD ALL");
            }
          };
      case "TEMP" ->
          settings -> {
            throw PgException.error(
                SqlState.FEATURE_NOT_SUPPORTED,
                "DISCARD TEMP is not supported: temporary tables live on the node");
          };
      default -> settings -> result(settings, List.of(), complete("DISCARD " + what));
    };
  }

  private static LocalStatement show(String name) {
    if (name == null) {
      return settings -> {
        List<Row> rows = new ArrayList<>();
        for (List<String> s : settings.all()) {
          rows.add(
              Results.row(Results.text(s.get(0)), Results.text(s.get(1)), Results.text(s.get(2))));
        }
        return result(
            settings,
            List.of(),
            Results.rows(
                List.of(
                    Results.column("name", PgType.TEXT),
                    Results.column("setting", PgType.TEXT),
                    Results.column("description", PgType.TEXT)),
                rows,
                "SHOW"));
      };
    }
    return settings ->
        result(
            settings,
            List.of(),
            Results.single(SessionSettings.displayName(name), settings.show(name), "SHOW"));
  }

  private static List<io.rhizome.proto.SessionResponse> complete(String tag) {
    return List.of(Results.commandComplete(tag));
  }

  private static List<ParameterStatus> listOf(Optional<ParameterStatus> p) {
    return p.map(List::of).orElse(List.of());
  }

  /** A result, after the ParameterStatus messages the session owes from earlier changes. */
  static LocalStatement.Result result(
      SessionSettings settings,
      List<ParameterStatus> reported,
      List<io.rhizome.proto.SessionResponse> responses) {
    List<ParameterStatus> all = new ArrayList<>(settings.takeReports());
    all.addAll(reported);
    return new LocalStatement.Result(all, responses);
  }

  /** A text value, or SQL NULL. */
  static Value textOrNull(String s) {
    return s == null ? Value.newBuilder().setNull(true).build() : Results.text(s);
  }
}
