/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rhizome.gateway.ClientGuards;
import io.rhizome.gateway.auth.MockVerifiers;
import io.rhizome.gateway.auth.ScramVerifiers;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.codec.PgFrameDecoder;
import io.rhizome.gateway.wire.Backend;
import io.rhizome.gateway.wire.Backend.Message;
import io.rhizome.gateway.wire.Frontend;
import io.rhizome.gateway.wire.ScramClient;
import io.rhizome.proto.Error;
import io.rhizome.proto.Extended;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Ready;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session state machine at byte level: a real decoder and session handler on an
 * EmbeddedChannel, with a small in-test backend standing in for the node (a collaborator, not the
 * thing under test).
 */
class PgSessionHandlerTest {
  private static final ScramVerifier APP_VERIFIER = ScramVerifiers.derive("pw");

  private final FakeBackend backend = new FakeBackend();
  private final PgSessionHandler handler =
      new PgSessionHandler(
          new SessionServices(
              this::resolve,
              Runnable::run,
              new MockVerifiers(),
              new SecureRandom(),
              Duration.ofSeconds(30)));
  private final EmbeddedChannel channel =
      new EmbeddedChannel(new PgFrameDecoder(64 * 1024), handler);

  @AfterEach
  void noLeftovers() {
    channel.runPendingTasks();
    Backend.read(channel);
    assertFalse(channel.finish(), "no message or buffer may be left behind");
  }

  private ResolvedDatabase resolve(String database, String user) {
    if (!database.equals("acme")) {
      throw PgException.fatal(
          SqlState.INVALID_CATALOG_NAME, "database \"" + database + "\" does not exist");
    }
    return new ResolvedDatabase() {
      @Override
      public Optional<ScramVerifier> verifier() {
        return user.equals("app") ? Optional.of(APP_VERIFIER) : Optional.empty();
      }

      @Override
      public CompletableFuture<StatementBackend> connect(
          BackendListener listener, ScheduledExecutorService loop) {
        backend.listener = listener;
        return CompletableFuture.supplyAsync(() -> backend, loop);
      }
    };
  }

  // -------------------------------------------------------------------------------------------
  // helpers

  private List<Message> send(ByteBuf... messages) {
    for (ByteBuf m : messages) {
      channel.writeInbound(m);
    }
    channel.runPendingTasks();
    return Backend.read(channel);
  }

  private static Map<String, String> startupParams(String user, String database) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("user", user);
    p.put("database", database);
    p.put("application_name", "test");
    return p;
  }

  /** Startup and SCRAM up to the server-final; returns the messages after the client-final. */
  private List<Message> signIn(String user, String password) {
    List<Message> out = send(Frontend.startup(startupParams(user, "acme")));
    assertEquals("R", Backend.types(out));
    assertEquals(10, out.get(0).authCode());
    assertEquals(SessionState.AUTHENTICATING, handler.state());
    ScramClient client = new ScramClient(password, "cnonce");
    out = send(Frontend.saslInitialResponse("SCRAM-SHA-256", client.clientFirst()));
    assertEquals(11, out.get(0).authCode());
    byte[] serverFirst = out.get(0).buf().skipBytes(4).toString(StandardCharsets.UTF_8).getBytes();
    return send(Frontend.saslResponse(client.clientFinal(serverFirst)));
  }

  private void ready() {
    List<Message> out = signIn("app", "pw");
    assertEquals('Z', out.get(out.size() - 1).type());
    assertEquals(SessionState.READY, handler.state());
    assertEquals(1, backend.requests, "one response requested once open");
  }

  private static SessionResponse readyResponse(TxStatus status) {
    return SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(status)).build();
  }

  private static SessionResponse nodeError(SqlState state, String message) {
    return SessionResponse.newBuilder()
        .setError(Error.newBuilder().setSqlstate(state.code()).setMessage(message))
        .build();
  }

  private List<Message> deliver(SessionResponse... responses) {
    for (SessionResponse r : responses) {
      backend.listener.onResponse(r);
    }
    channel.runPendingTasks();
    return Backend.read(channel);
  }

  private void assertClosedWith(List<Message> out, SqlState state) {
    Message last = out.get(out.size() - 1);
    assertEquals('E', last.type(), Backend.types(out));
    assertEquals(state.code(), last.sqlState());
    assertEquals("FATAL", last.errorFields().get('V'));
    assertFalse(channel.isActive(), "connection must be closed");
    assertEquals(SessionState.CLOSED, handler.state());
  }

  // -------------------------------------------------------------------------------------------
  // startup and authentication

  @Test
  void completesScramStartupAndReportsParameters() {
    List<Message> out = signIn("app", "pw");
    assertEquals(12, out.get(0).authCode(), "SASLFinal");
    assertEquals(0, out.get(1).authCode(), "AuthenticationOk");
    Map<String, String> params = new LinkedHashMap<>();
    out.stream()
        .filter(m -> m.type() == 'S')
        .forEach(m -> params.put(m.parameter().getKey(), m.parameter().getValue()));
    assertEquals("15.0 (Rhizome 0.1.0)", params.get("server_version"));
    assertEquals("UTF8", params.get("server_encoding"));
    assertEquals("UTF8", params.get("client_encoding"));
    assertEquals("ISO, MDY", params.get("DateStyle"));
    assertEquals("on", params.get("integer_datetimes"));
    assertEquals("on", params.get("standard_conforming_strings"));
    assertEquals("UTC", params.get("TimeZone"));
    assertEquals("test", params.get("application_name"));
    assertEquals("off", params.get("is_superuser"));
    assertEquals("app", params.get("session_authorization"));
    Message key = out.get(out.size() - 2);
    assertEquals('K', key.type());
    assertTrue(key.buf().readInt() > 0, "process id is positive");
    assertEquals("I", out.get(out.size() - 1).buf().toString(StandardCharsets.US_ASCII));
    assertEquals(SessionState.READY, handler.state());
  }

  @Test
  void refusesSslAndGssEncryptionThenAcceptsStartup() {
    assertEquals("N", Backend.types(send(Frontend.sslRequest())));
    assertEquals("N", Backend.types(send(Frontend.gssEncRequest())));
    assertEquals(SessionState.AWAITING_STARTUP, handler.state());
    assertEquals("R", Backend.types(send(Frontend.startup(startupParams("app", "acme")))));
  }

  @Test
  void refusesWrongPassword() {
    assertClosedWith(signIn("app", "nope"), SqlState.INVALID_PASSWORD);
  }

  @Test
  void refusesUnknownUserLikeAWrongPassword() {
    List<Message> out = signIn("ghost", "pw");
    assertClosedWith(out, SqlState.INVALID_PASSWORD);
    assertEquals(
        "password authentication failed for user \"ghost\"",
        out.get(out.size() - 1).errorFields().get('M'));
  }

  @Test
  void refusesUnknownDatabaseRightAfterStartup() {
    assertClosedWith(
        send(Frontend.startup(startupParams("app", "nope"))), SqlState.INVALID_CATALOG_NAME);
  }

  @Test
  void refusesStartupWithoutUser() {
    assertClosedWith(
        send(Frontend.startup(Map.of("database", "acme"))),
        SqlState.INVALID_AUTHORIZATION_SPECIFICATION);
  }

  @Test
  void refusesClientEncodingOtherThanUtf8() {
    Map<String, String> p = startupParams("app", "acme");
    p.put("client_encoding", "LATIN1");
    assertClosedWith(send(Frontend.startup(p)), SqlState.INVALID_PARAMETER_VALUE);
  }

  @Test
  void negotiatesDownNewerMinorVersion() {
    Map<String, String> p = startupParams("app", "acme");
    p.put("_pq_.future", "1");
    List<Message> out = send(Frontend.startup(3, 2, p));
    assertEquals("vR", Backend.types(out));
  }

  @Test
  void closesOnCancelRequest() {
    send(Frontend.cancelRequest(1, 2));
    assertFalse(channel.isActive());
    assertEquals(SessionState.CLOSED, handler.state());
  }

  @Test
  void rejectsQueryBeforeAuthentication() {
    send(Frontend.startup(startupParams("app", "acme")));
    assertClosedWith(send(Frontend.query("SELECT 1")), SqlState.PROTOCOL_VIOLATION);
  }

  @Test
  void rejectsMalformedFrameWithProtocolViolation() {
    ready();
    assertClosedWith(
        send(Unpooled.buffer().writeByte('Q').writeInt(1 << 20)), SqlState.PROTOCOL_VIOLATION);
    assertTrue(backend.closed, "the node stream is closed with the client");
  }

  @Test
  void rejectsAuthenticationMessageWhenReady() {
    ready();
    assertClosedWith(send(Frontend.saslResponse(new byte[] {1})), SqlState.PROTOCOL_VIOLATION);
  }

  @Test
  void closesUnfinishedStartupAfterTheTimeout() {
    send(Frontend.startup(startupParams("app", "acme")));
    channel.advanceTimeBy(31, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isActive());
    assertEquals(SessionState.CLOSED, handler.state());
  }

  @Test
  void keepsAReadySessionPastTheStartupTimeout() {
    ready();
    channel.advanceTimeBy(31, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isActive());
  }

  // -------------------------------------------------------------------------------------------
  // simple query

  @Test
  void answersEmptyQueryWithEmptyQueryResponse() {
    ready();
    assertEquals("IZ", Backend.types(send(Frontend.query("  -- nothing\n ; "))));
    assertTrue(backend.executed.isEmpty());
  }

  @Test
  void forwardsStatementsAndWritesResultsInOrder() {
    ready();
    assertEquals("", Backend.types(send(Frontend.query("SELECT 1; INSERT INTO t VALUES (1)"))));
    // A constant gets the name Postgres gives it, as a label (docs/compatibility.md).
    assertEquals(
        List.of(List.of("SELECT 1 AS \"?column?\"", "INSERT INTO t VALUES (1)")), backend.executed);
    assertEquals(SessionState.IN_QUERY, handler.state());
    List<Message> out =
        deliver(
            SessionResponse.newBuilder()
                .setRowDescription(
                    io.rhizome.proto.RowDescription.newBuilder()
                        .addColumns(Results.column("n", PgType.INT8)))
                .build(),
            SessionResponse.newBuilder()
                .setRows(
                    io.rhizome.proto.RowBatch.newBuilder()
                        .addRows(Results.row(Results.integer(1)))
                        .addRows(
                            Results.row(io.rhizome.proto.Value.newBuilder().setNull(true).build())))
                .build(),
            Results.commandComplete("SELECT 2"),
            Results.commandComplete("INSERT 0 1"),
            readyResponse(TxStatus.IN_TRANSACTION));
    assertEquals("TDDCCZ", Backend.types(out));
    assertEquals(List.of("1"), out.get(1).columns());
    assertEquals(java.util.Arrays.asList((String) null), out.get(2).columns());
    assertEquals("SELECT 2", out.get(3).string());
    assertEquals("T", out.get(5).buf().toString(StandardCharsets.US_ASCII));
    assertEquals(SessionState.READY, handler.state());
    assertEquals(1 + 5, backend.requests, "one request per handled response");
  }

  @Test
  void aRowPastTheGatewaysValueLimitEndsTheSessionWith54000InsteadOfEncodingIt() {
    ready();
    send(Frontend.query("SELECT big"));
    byte[] big = new byte[ClientGuards.DEFAULT_MAX_VALUE_BYTES / 2 + 1];
    com.google.protobuf.ByteString blob = com.google.protobuf.ByteString.copyFrom(big);
    List<Message> out =
        deliver(
            SessionResponse.newBuilder()
                .setRowDescription(
                    io.rhizome.proto.RowDescription.newBuilder()
                        .addColumns(Results.column("a", PgType.BYTEA))
                        .addColumns(Results.column("b", PgType.BYTEA)))
                .build(),
            SessionResponse.newBuilder()
                .setRows(
                    io.rhizome.proto.RowBatch.newBuilder()
                        .addRows(
                            io.rhizome.proto.Row.newBuilder()
                                .addValues(io.rhizome.proto.Value.newBuilder().setBlob(blob))
                                .addValues(io.rhizome.proto.Value.newBuilder().setBlob(blob))))
                .build());
    assertEquals("TE", Backend.types(out));
    assertEquals(SqlState.PROGRAM_LIMIT_EXCEEDED.code(), out.get(1).sqlState());
    assertEquals(SessionState.CLOSED, handler.state());
    assertTrue(backend.closed, "the node's session is closed with it");
  }

  @Test
  void waitsForWritabilityBeforeRequestingMore() {
    ready();
    send(Frontend.query("SELECT 1"));
    channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    deliver(Results.commandComplete("SELECT 0"));
    assertEquals(1, backend.requests, "no request while the client cannot take more");
    channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
    channel.runPendingTasks();
    assertEquals(2, backend.requests);
    deliver(readyResponse(TxStatus.IDLE));
  }

  @Test
  void answersSessionStatementsWithoutTheNode() {
    ready();
    List<Message> out = send(Frontend.query("SET application_name = 'my app'"));
    assertEquals("SCZ", Backend.types(out));
    assertEquals(Map.entry("application_name", "my app"), out.get(0).parameter());
    out = send(Frontend.query("show APPLICATION_NAME"));
    assertEquals("TDCZ", Backend.types(out));
    assertEquals(List.of("my app"), out.get(1).columns());
    out = send(Frontend.query("SHOW TRANSACTION ISOLATION LEVEL; SELECT version()"));
    assertEquals("TDCTDCZ", Backend.types(out));
    assertEquals(List.of("serializable"), out.get(1).columns());
    assertTrue(out.get(4).columns().get(0).startsWith("PostgreSQL 15.0 (Rhizome"));
    assertTrue(backend.executed.isEmpty());
  }

  @Test
  void reportsUnknownSettingAsStatementErrorAndStaysUsable() {
    ready();
    List<Message> out = send(Frontend.query("SHOW no_such_thing"));
    assertEquals("EZ", Backend.types(out));
    assertEquals(SqlState.UNDEFINED_OBJECT.code(), out.get(0).sqlState());
    assertEquals("ERROR", out.get(0).errorFields().get('V'));
    assertEquals(SessionState.READY, handler.state());
  }

  @Test
  void runsLocalAndNodeStatementsInOrder() {
    ready();
    List<Message> out = send(Frontend.query("SET my.x = 5; SELECT 1; SELECT 2; SHOW my.x"));
    assertEquals("C", Backend.types(out));
    assertEquals(
        List.of(List.of("SELECT 1 AS \"?column?\"", "SELECT 2 AS \"?column?\"")), backend.executed);
    out =
        deliver(
            Results.commandComplete("SELECT 0"),
            Results.commandComplete("SELECT 0"),
            readyResponse(TxStatus.IDLE));
    assertEquals("CCTDCZ", Backend.types(out));
    assertEquals(List.of("5"), out.get(3).columns());
  }

  @Test
  void stopsAtTheFirstNodeError() {
    ready();
    send(Frontend.query("SELECT * FROM missing; SET a.b = 1"));
    List<Message> out =
        deliver(
            nodeError(SqlState.UNDEFINED_TABLE, "no such table: missing"),
            readyResponse(TxStatus.IDLE));
    assertEquals("EZ", Backend.types(out));
    assertEquals("42P01", out.get(0).sqlState());
    assertEquals("ERROR", out.get(0).errorFields().get('S'));
    assertEquals("EZ", Backend.types(send(Frontend.query("SHOW a.b"))), "the SET did not run");
  }

  @Test
  void refusesSessionStatementsInAFailedTransaction() {
    ready();
    send(Frontend.query("BEGIN; SELECT boom"));
    deliver(nodeError(SqlState.SYNTAX_ERROR, "boom"), readyResponse(TxStatus.FAILED));
    List<Message> out = send(Frontend.query("SET application_name = 'x'"));
    assertEquals("EZ", Backend.types(out));
    assertEquals(SqlState.IN_FAILED_SQL_TRANSACTION.code(), out.get(0).sqlState());
    assertEquals("E", out.get(1).buf().toString(StandardCharsets.US_ASCII));
  }

  @Test
  void defersPipelinedQueriesUntilTheRunningOneIsDone() {
    ready();
    ByteBuf both = Unpooled.buffer();
    ByteBuf q1 = Frontend.query("SELECT 1");
    ByteBuf q2 = Frontend.query("SELECT 2");
    both.writeBytes(q1).writeBytes(q2);
    q1.release();
    q2.release();
    send(both);
    assertEquals(List.of(List.of("SELECT 1 AS \"?column?\"")), backend.executed);
    assertFalse(channel.config().isAutoRead(), "reads pause while a query runs");
    List<Message> out = deliver(Results.commandComplete("SELECT 0"), readyResponse(TxStatus.IDLE));
    assertEquals("CZ", Backend.types(out));
    assertEquals(
        List.of(List.of("SELECT 1 AS \"?column?\""), List.of("SELECT 2 AS \"?column?\"")),
        backend.executed);
    deliver(Results.commandComplete("SELECT 0"), readyResponse(TxStatus.IDLE));
    assertTrue(channel.config().isAutoRead());
  }

  @Test
  void discardsUntilSyncAfterAnExtendedQueryError() {
    ready();
    List<Message> out = send(Frontend.bind("nope"), Frontend.execute("", 0));
    assertEquals("E", Backend.types(out));
    assertEquals(SqlState.INVALID_SQL_STATEMENT_NAME.code(), out.get(0).sqlState());
    assertEquals(SessionState.FAILED_SKIP_UNTIL_SYNC, handler.state());
    assertEquals("", Backend.types(send(Frontend.parse("SELECT 1"), Frontend.flush())));
    assertEquals("Z", Backend.types(send(Frontend.sync())));
    assertEquals(SessionState.READY, handler.state());
    assertTrue(backend.extended.isEmpty(), "nothing reached the backend");
  }

  @Test
  void closesOnTerminateAndEndsTheNodeStream() {
    ready();
    send(Frontend.terminate());
    assertFalse(channel.isActive());
    assertTrue(backend.closed);
    assertEquals(SessionState.CLOSED, handler.state());
  }

  @Test
  void closesWithConnectionFailureWhenTheNodeIsLost() {
    ready();
    send(Frontend.query("SELECT 1"));
    backend.listener.onFailure(
        PgException.fatal(SqlState.CONNECTION_FAILURE, "lost the session on node \"n1\""));
    channel.runPendingTasks();
    assertClosedWith(Backend.read(channel), SqlState.CONNECTION_FAILURE);
  }

  @Test
  void endsTheSessionOnAnUnsolicitedNodeError() {
    ready();
    assertClosedWith(
        deliver(nodeError(SqlState.ADMIN_SHUTDOWN, "tenant dropped")), SqlState.ADMIN_SHUTDOWN);
  }

  /** Stands in for the node: records what the session sends and asks. */
  private static final class FakeBackend implements StatementBackend {
    BackendListener listener;
    final List<List<String>> executed = new ArrayList<>();
    final List<Extended> extended = new ArrayList<>();
    int requests;
    boolean closed;

    @Override
    public void execute(List<String> statements) {
      executed.add(List.copyOf(statements));
    }

    @Override
    public void execute(Extended request) {
      extended.add(request);
    }

    @Override
    public void request() {
      requests++;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
