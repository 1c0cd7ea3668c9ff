/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.PgException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

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

  static SimpleQuery plan(
      List<String> statements, StatementBackend backend, SessionSettings settings) {
    Deque<Step> steps = new ArrayDeque<>();
    List<String> run = new ArrayList<>();
    for (String statement : statements) {
      StatementPlanner.Planned planned = StatementPlanner.plan(statement, backend, settings);
      if (planned instanceof StatementPlanner.Remote remote) {
        run.add(remote.sql());
        continue;
      }
      if (!run.isEmpty()) {
        steps.add(new Remote(List.copyOf(run)));
        run.clear();
      }
      if (planned instanceof StatementPlanner.Copy copy) {
        steps.add(new Copy(copy.statement()));
      } else if (planned instanceof StatementPlanner.Local local) {
        steps.add(new Local(local.statement()));
      } else {
        // Statements before it run; it fails where it stands, and the query stops there.
        PgException error = ((StatementPlanner.Failed) planned).error();
        steps.add(
            new Local(
                settingsOfNoUse -> {
                  throw error;
                }));
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
}
