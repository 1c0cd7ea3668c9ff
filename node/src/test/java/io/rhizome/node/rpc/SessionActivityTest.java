/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rhizome.proto.Bind;
import io.rhizome.proto.Close;
import io.rhizome.proto.Execute;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.Open;
import io.rhizome.proto.Parse;
import io.rhizome.proto.SessionInfo;
import io.rhizome.proto.Target;
import io.rhizome.proto.TxStatus;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The state machine behind one row of ListSessions, on a clock the test moves. */
class SessionActivityTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final SessionActivity activity = new SessionActivity(now::get);

  private static ExtendedStep parse(String name, String sql) {
    return ExtendedStep.newBuilder().setParse(Parse.newBuilder().setName(name).setSql(sql)).build();
  }

  private static ExtendedStep bind(String portal, String statement) {
    return ExtendedStep.newBuilder()
        .setBind(Bind.newBuilder().setPortal(portal).setStatement(statement))
        .build();
  }

  private static ExtendedStep execute(String portal) {
    return ExtendedStep.newBuilder().setExecute(Execute.newBuilder().setPortal(portal)).build();
  }

  private static ExtendedStep close(Target target, String name) {
    return ExtendedStep.newBuilder()
        .setClose(Close.newBuilder().setTarget(target).setName(name))
        .build();
  }

  private static Extended request(ExtendedStep... steps) {
    return Extended.newBuilder().addAllSteps(List.of(steps)).setSync(true).build();
  }

  private void open() {
    activity.opened(Open.newBuilder().setTenant("acme").setUser("app").build(), 42);
  }

  @Test
  void nothingIsShownBeforeTheSessionIsOpen() {
    activity.started(List.of("select 1"));
    assertNull(activity.snapshot());
  }

  @Test
  void stateChangeMovesOnlyWhenTheStateDoes() {
    open();
    SessionInfo opened = activity.snapshot();
    assertEquals("idle", opened.getState());
    assertEquals(1_000, opened.getBackendStartUnixMs());
    assertEquals(1_000, opened.getStateChangeUnixMs());

    now.set(2_000);
    activity.started(List.of("begin", "insert into t values (1)"));
    assertEquals("active", activity.snapshot().getState());
    assertEquals("begin; insert into t values (1)", activity.snapshot().getQuery());
    assertEquals(2_000, activity.snapshot().getStateChangeUnixMs());

    now.set(3_000);
    activity.finished(TxStatus.IN_TRANSACTION);
    assertEquals("idle in transaction", activity.snapshot().getState());
    assertEquals(3_000, activity.snapshot().getStateChangeUnixMs());
    assertEquals(
        "begin; insert into t values (1)", activity.snapshot().getQuery(), "the last statement");

    now.set(4_000);
    activity.finished(TxStatus.IN_TRANSACTION);
    assertEquals(3_000, activity.snapshot().getStateChangeUnixMs(), "no change, no new time");

    activity.finished(TxStatus.FAILED);
    assertEquals("idle in transaction (aborted)", activity.snapshot().getState());
    assertEquals(1_000, activity.snapshot().getBackendStartUnixMs());
  }

  @Test
  void anExecuteShowsTheSqlOfItsPortalsStatementUntilClosed() {
    open();
    activity.started(request(parse("s1", "select $1"), parse("s2", "select $2")));
    assertEquals("select $2", activity.snapshot().getQuery(), "the last Parse");
    activity.finished(TxStatus.IN_TRANSACTION);

    activity.started(request(bind("p", "s1")));
    activity.finished(TxStatus.IN_TRANSACTION);
    activity.started(request(execute("p")));
    assertEquals("select $1", activity.snapshot().getQuery(), "a portal bound earlier");
    activity.finished(TxStatus.IDLE);

    activity.started(request(parse("", "select 'other'")));
    activity.finished(TxStatus.IDLE);
    activity.started(request(execute("p")));
    assertEquals("select 'other'", activity.snapshot().getQuery(), "portals end with the tx");
    activity.finished(TxStatus.IDLE);

    activity.started(request(close(Target.TARGET_STATEMENT, "s1"), bind("q", "s1")));
    assertEquals("select 'other'", activity.snapshot().getQuery(), "a closed statement");
  }

  @Test
  void aLongQueryIsCutAt1024CharactersWithoutSplittingASurrogatePair() {
    open();
    String sql = "x".repeat(1023) + "\uD83D\uDE00" + "tail";
    activity.started(List.of(sql));
    assertEquals("x".repeat(1023), activity.snapshot().getQuery());
    activity.started(List.of("y".repeat(5000)));
    assertEquals(1024, activity.snapshot().getQuery().length());
  }
}
