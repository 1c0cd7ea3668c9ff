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
 * <p>A node answers requests, and the steps of each, in order, so the n-th ParseComplete of a
 * request answers its n-th Parse and the n-th CloseComplete its n-th Close. What a request did is
 * staged and applied at its Ready: the steps left unanswered then were skipped by the node after an
 * error. Requests in flight that are sent again on a new node (re-routed) are discarded and tracked
 * afresh. The unnamed statement and portals are not kept: they do not outlive the client's next
 * Parse or sync.
 */
final class StatementJournal {
  private final LinkedHashMap<String, Parse> statements = new LinkedHashMap<>();

  /** The requests in flight, oldest (the one being answered) first. */
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

  private static final class InFlight {
    final ArrayDeque<Parse> parses = new ArrayDeque<>();
    final ArrayDeque<Close> closes = new ArrayDeque<>();

    /** Parses and statement Closes the node answered, in order. */
    final List<ExtendedStep> answered = new ArrayList<>();
  }

  /** Notes the steps of an Extended request just sent. */
  void sent(Extended request) {
    InFlight sent = new InFlight();
    for (ExtendedStep step : request.getStepsList()) {
      if (step.hasParse()) {
        sent.parses.add(step.getParse());
      } else if (step.hasClose()) {
        sent.closes.add(step.getClose());
      }
    }
    inFlight.add(sent);
  }

  /** Notes a simple Query just sent: it answers no Parse nor Close, but ends with a Ready too. */
  void sentQuery() {
    inFlight.add(new InFlight());
  }

  /** Notes one response of the oldest request in flight. */
  void received(SessionResponse response) {
    InFlight current = inFlight.peek();
    if (current == null) {
      return;
    }
    if (response.hasParseComplete()) {
      Parse parse = current.parses.poll();
      if (parse != null && !parse.getName().isEmpty()) {
        current.answered.add(ExtendedStep.newBuilder().setParse(parse).build());
      }
    } else if (response.hasCloseComplete()) {
      Close close = current.closes.poll();
      if (close != null
          && close.getTarget() == Target.TARGET_STATEMENT
          && !close.getName().isEmpty()) {
        current.answered.add(ExtendedStep.newBuilder().setClose(close).build());
      }
    }
  }

  /** The oldest request ended: what the node answered happened, the rest was skipped. */
  void ready() {
    InFlight done = inFlight.poll();
    if (done == null) {
      return;
    }
    for (ExtendedStep step : done.answered) {
      if (step.hasParse()) {
        // Re-put so that replay keeps the order in which the node last prepared them.
        statements.remove(step.getParse().getName());
        statements.put(step.getParse().getName(), step.getParse());
      } else {
        statements.remove(step.getClose().getName());
      }
    }
  }

  /** Forgets what the requests in flight did: they will be sent again. */
  void discardInFlight() {
    inFlight.clear();
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
