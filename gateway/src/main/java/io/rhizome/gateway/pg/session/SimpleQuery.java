/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.copy.CopyStatementParser;
import io.rhizome.gateway.pg.sql.SqlLexer;
import io.rhizome.gateway.pg.sql.SqlToken;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The plan of one simple Query: its statements in order, as steps the gateway answers itself and
 * runs of consecutive statements sent to the backend as one Query. One ReadyForQuery follows the
 * last step, or the first error.
 *
 * <p>A Query mixing both kinds runs each backend run as its own Query on the node, so the node's
 * implicit transaction spans one run, not the whole string (Postgres would wrap everything in one).
 */
final class SimpleQuery {

  /** One step of the plan. */
  sealed interface Step {}

  /** A statement the gateway answers. */
  record Local(LocalStatement statement) implements Step {}

  /** Consecutive statements for the backend. */
  record Remote(List<String> statements) implements Step {}

  /** A COPY, which the gateway drives itself (see {@link CopyIn} and {@link CopyOut}). */
  record Copy(String statement) implements Step {}

  private final Deque<Step> steps;
  private boolean failed;

  private SimpleQuery(Deque<Step> steps) {
    this.steps = steps;
  }

  static SimpleQuery plan(List<String> statements, StatementBackend backend) {
    Deque<Step> steps = new ArrayDeque<>();
    List<String> run = new ArrayList<>();
    for (String statement : statements) {
      List<SqlToken> tokens = significant(statement);
      if (CopyStatementParser.isCopy(tokens)) {
        if (!run.isEmpty()) {
          steps.add(new Remote(List.copyOf(run)));
          run.clear();
        }
        steps.add(new Copy(statement));
        continue;
      }
      Optional<LocalStatement> local =
          backend.claims(tokens) ? Optional.empty() : LocalStatements.parse(tokens);
      if (local.isPresent()) {
        if (!run.isEmpty()) {
          steps.add(new Remote(List.copyOf(run)));
          run.clear();
        }
        steps.add(new Local(local.get()));
      } else {
        run.add(statement);
      }
    }
    if (!run.isEmpty()) {
      steps.add(new Remote(List.copyOf(run)));
    }
    return new SimpleQuery(steps);
  }

  /** The next step, or null when none is left (or an error stopped the query). */
  Step next() {
    return failed ? null : steps.poll();
  }

  /** An error was reported: no further step runs. */
  void fail() {
    failed = true;
  }

  boolean failed() {
    return failed;
  }

  static List<SqlToken> significant(String statement) {
    return SqlLexer.tokenize(statement).stream().filter(SqlToken::isSignificant).toList();
  }
}
