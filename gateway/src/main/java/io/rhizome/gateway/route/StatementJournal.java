/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import io.rhizome.proto.Close;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.Parse;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.Target;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The named prepared statements a node holds for one session, so that a session re-opened on
 * another node can prepare them again before the client's next statement.
 *
 * <p>A node answers the steps of a request in order, so the n-th ParseComplete answers the n-th
 * Parse sent and the n-th CloseComplete the n-th Close. What a request did is staged and applied at
 * its Ready: the steps left unanswered then were skipped by the node after an error, and a request
 * that is sent again on a new node (re-routed) is discarded and tracked afresh. The unnamed
 * statement and portals are not kept: they do not outlive the client's next Parse or sync.
 */
final class StatementJournal {
  private final LinkedHashMap<String, Parse> statements = new LinkedHashMap<>();
  private final ArrayDeque<Parse> parsesSent = new ArrayDeque<>();
  private final ArrayDeque<Close> closesSent = new ArrayDeque<>();

  /** Parses and statement Closes the node answered in the current request, in order. */
  private final List<ExtendedStep> answered = new ArrayList<>();

  /** Notes the steps of a request just sent. */
  void sent(Extended request) {
    for (ExtendedStep step : request.getStepsList()) {
      if (step.hasParse()) {
        parsesSent.add(step.getParse());
      } else if (step.hasClose()) {
        closesSent.add(step.getClose());
      }
    }
  }

  /** Notes one response of the current request. */
  void received(SessionResponse response) {
    if (response.hasParseComplete()) {
      Parse parse = parsesSent.poll();
      if (parse != null && !parse.getName().isEmpty()) {
        answered.add(ExtendedStep.newBuilder().setParse(parse).build());
      }
    } else if (response.hasCloseComplete()) {
      Close close = closesSent.poll();
      if (close != null
          && close.getTarget() == Target.TARGET_STATEMENT
          && !close.getName().isEmpty()) {
        answered.add(ExtendedStep.newBuilder().setClose(close).build());
      }
    }
  }

  /** The current request ended: what the node answered happened, the rest was skipped. */
  void ready() {
    for (ExtendedStep step : answered) {
      if (step.hasParse()) {
        // Re-put so that replay keeps the order in which the node last prepared them.
        statements.remove(step.getParse().getName());
        statements.put(step.getParse().getName(), step.getParse());
      } else {
        statements.remove(step.getClose().getName());
      }
    }
    discardCurrent();
  }

  /** Forgets what the current request did: it will be sent again, or never ran. */
  void discardCurrent() {
    answered.clear();
    parsesSent.clear();
    closesSent.clear();
  }

  boolean isEmpty() {
    return statements.isEmpty();
  }

  int size() {
    return statements.size();
  }

  /** Whether the session holds a statement of this name (for tests and diagnostics). */
  boolean holds(String name) {
    return statements.containsKey(name);
  }

  /** One request that prepares every statement again on a new node session. */
  Extended replay() {
    Extended.Builder replay = Extended.newBuilder().setSync(true);
    for (Parse parse : statements.values()) {
      replay.addSteps(ExtendedStep.newBuilder().setParse(parse));
    }
    return replay.build();
  }
}
