/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.BindComplete;
import io.rhizome.proto.Close;
import io.rhizome.proto.CloseComplete;
import io.rhizome.proto.Error;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.Parse;
import io.rhizome.proto.ParseComplete;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementJournalTest {
  private final StatementJournal journal = new StatementJournal();

  private static ExtendedStep parse(String name) {
    return ExtendedStep.newBuilder()
        .setParse(Parse.newBuilder().setName(name).setSql("select '" + name + "'"))
        .build();
  }

  private static ExtendedStep close(Target target, String name) {
    return ExtendedStep.newBuilder()
        .setClose(Close.newBuilder().setTarget(target).setName(name))
        .build();
  }

  private static ExtendedStep bind() {
    return ExtendedStep.newBuilder().setBind(io.rhizome.proto.Bind.getDefaultInstance()).build();
  }

  private static final SessionResponse PARSED =
      SessionResponse.newBuilder().setParseComplete(ParseComplete.getDefaultInstance()).build();
  private static final SessionResponse BOUND =
      SessionResponse.newBuilder().setBindComplete(BindComplete.getDefaultInstance()).build();
  private static final SessionResponse CLOSED =
      SessionResponse.newBuilder().setCloseComplete(CloseComplete.getDefaultInstance()).build();
  private static final SessionResponse FAILED =
      SessionResponse.newBuilder().setError(Error.newBuilder().setSqlstate("42601")).build();

  private void request(List<ExtendedStep> steps, SessionResponse... answers) {
    journal.sent(Extended.newBuilder().addAllSteps(steps).setSync(true).build());
    for (SessionResponse answer : answers) {
      journal.received(answer);
    }
    journal.ready();
  }

  private List<String> replayed() {
    return journal.replay().getStepsList().stream().map(s -> s.getParse().getName()).toList();
  }

  @Test
  void keepsNamedStatementsTheNodeAnsweredAndNotTheUnnamedOne() {
    request(List.of(parse("a"), parse(""), bind(), parse("b")), PARSED, PARSED, BOUND, PARSED);
    assertEquals(List.of("a", "b"), replayed());
    assertTrue(journal.replay().getSync());
  }

  @Test
  void dropsParsesTheNodeSkippedAfterAnError() {
    request(List.of(parse("a"), bind(), parse("b")), PARSED, FAILED);
    assertEquals(List.of("a"), replayed());
    assertFalse(journal.holds("b"));
  }

  @Test
  void forgetsAStatementOnceItsCloseCompletedButNotForAPortalOfTheSameName() {
    request(List.of(parse("a"), parse("b")), PARSED, PARSED);
    request(
        List.of(close(Target.TARGET_PORTAL, "a"), close(Target.TARGET_STATEMENT, "b")),
        CLOSED,
        CLOSED);
    assertEquals(List.of("a"), replayed());
  }

  @Test
  void aCloseTheNodeSkippedLeavesTheStatement() {
    request(List.of(parse("a")), PARSED);
    request(List.of(bind(), close(Target.TARGET_STATEMENT, "a")), FAILED);
    assertEquals(List.of("a"), replayed());
  }

  @Test
  void requestsToBeSentAgainChangeNothing() {
    request(List.of(parse("a")), PARSED);
    journal.sent(
        Extended.newBuilder()
            .addSteps(parse("b"))
            .addSteps(close(Target.TARGET_STATEMENT, "a"))
            .build());
    journal.received(PARSED);
    journal.received(CLOSED);
    journal.discardInFlight();
    assertEquals(List.of("a"), replayed());
  }

  @Test
  void answersOfPipelinedRequestsCountForTheRequestTheyAnswer() {
    journal.sent(Extended.newBuilder().addSteps(parse("a")).addSteps(bind()).build());
    journal.sentQuery();
    journal.sent(Extended.newBuilder().addSteps(parse("b")).build());
    journal.received(FAILED);
    journal.ready();
    journal.ready();
    journal.received(PARSED);
    journal.ready();
    assertEquals(List.of("b"), replayed(), "a was skipped; b answered in its own request");
  }

  @Test
  void aStatementPreparedAgainIsReplayedInItsNewPlace() {
    request(List.of(parse("a"), parse("b")), PARSED, PARSED);
    request(List.of(close(Target.TARGET_STATEMENT, "a"), parse("a")), CLOSED, PARSED);
    assertEquals(List.of("b", "a"), replayed());
    assertEquals(2, journal.size());
  }
}
