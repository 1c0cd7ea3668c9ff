/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.pgsql.Classifier;
import io.rhizome.pgsql.Dialect;
import io.rhizome.pgsql.Lexer;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.Token;
import io.rhizome.pgsql.session.SessionParser;
import io.rhizome.proto.SqlState;
import java.util.List;

/**
 * Decides once what becomes of one statement, in either protocol: the gateway answers it ({@link
 * Local}), it is a COPY ({@link Copy}), or it goes to the backend as written or as translated from
 * Postgres' dialect ({@link Remote}); a statement that cannot be translated is an error ({@link
 * Failed}). The decision is {@link Classifier}'s; this class adds what only the session knows: a
 * backend that claims a statement (the admin console owns {@code SHOW TENANTS}), and one that does
 * not speak Postgres' dialect (the console again), whose statements are never translated.
 */
final class StatementPlanner {
  private StatementPlanner() {}

  /** What becomes of a statement. */
  sealed interface Planned {}

  /** Answered by the gateway. */
  record Local(LocalStatement statement, boolean returnsRows) implements Planned {}

  /** Sent to the backend: the text to send (the statement itself, or its translation). */
  record Remote(String sql) implements Planned {}

  /** A COPY, driven by the gateway. */
  record Copy(String statement) implements Planned {}

  /** Refused before anything runs. */
  record Failed(PgException error) implements Planned {}

  static Planned plan(String statement, StatementBackend backend, SessionSettings settings) {
    Classifier.Classification c;
    if (backend.translatesPostgres()) {
      c = Classifier.classify(statement, settings);
    } else {
      c = sessionOnly(statement);
    }
    if (c instanceof Classifier.PassThrough) {
      return new Remote(statement);
    }
    if (c instanceof Classifier.Translated t) {
      return new Remote(t.sql());
    }
    if (c instanceof Classifier.Copy) {
      return new Copy(statement);
    }
    // A statement that reads as a session statement may be the backend's own (SHOW TENANTS).
    if (backend.claims(Lexer.significant(statement, Dialect.SQLITE))) {
      return new Remote(statement);
    }
    if (c instanceof Classifier.Session s) {
      return new Local(LocalStatements.of(s.command()), LocalStatements.returnsRows(s.command()));
    }
    SqlException e = ((Classifier.Refused) c).error();
    return new Failed(new PgException(PgError.error(state(e.reason()), e.getMessage())));
  }

  /** For a backend with its own language: only session statements and COPY are recognised. */
  private static Classifier.Classification sessionOnly(String statement) {
    List<Token> tokens = Lexer.significant(statement, Dialect.SQLITE);
    if (tokens.isEmpty()) {
      return new Classifier.PassThrough();
    }
    String verb = tokens.get(0).text().toLowerCase(java.util.Locale.ROOT);
    if (verb.equals("copy")) {
      return new Classifier.Copy();
    }
    if (!SessionParser.VERBS.contains(verb)) {
      return new Classifier.PassThrough();
    }
    try {
      return new Classifier.Session(SessionParser.parse(statement));
    } catch (SqlException e) {
      return new Classifier.Refused(e);
    }
  }

  private static SqlState state(SqlException.Reason reason) {
    return switch (reason) {
      case SYNTAX_ERROR -> SqlState.SYNTAX_ERROR;
      case FEATURE_NOT_SUPPORTED -> SqlState.FEATURE_NOT_SUPPORTED;
      case UNDEFINED_OBJECT -> SqlState.UNDEFINED_OBJECT;
      case INVALID_PARAMETER_VALUE -> SqlState.INVALID_PARAMETER_VALUE;
    };
  }
}
