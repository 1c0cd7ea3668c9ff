/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rhizome.gateway.auth.MockVerifiers;
import io.rhizome.gateway.auth.ScramVerifiers;
import io.rhizome.gateway.pg.codec.PgFrameDecoder;
import io.rhizome.gateway.wire.Backend;
import io.rhizome.gateway.wire.Backend.Message;
import io.rhizome.gateway.wire.Frontend;
import io.rhizome.gateway.wire.ScramClient;
import io.rhizome.proto.BindComplete;
import io.rhizome.proto.CloseComplete;
import io.rhizome.proto.Error;
import io.rhizome.proto.Extended;
import io.rhizome.proto.NoData;
import io.rhizome.proto.ParameterDescription;
import io.rhizome.proto.ParseComplete;
import io.rhizome.proto.PgType;
import io.rhizome.proto.PortalSuspended;
import io.rhizome.proto.Ready;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.RowDescription;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import io.rhizome.proto.Value;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The extended query protocol through the real decoder and session handler on an EmbeddedChannel,
 * at byte level: what the client gets, what the backend is asked, and in which order. A small
 * in-test backend records the requests; the test answers them as the node would.
 */
class ExtendedQuerySessionTest {
  private static final ScramVerifier VERIFIER = ScramVerifiers.derive("pw");

  private final RecordingBackend backend = new RecordingBackend();
  private final PgSessionHandler handler =
      new PgSessionHandler(
          new SessionServices(
              (database, user) -> database(),
              Runnable::run,
              new MockVerifiers(),
              new SecureRandom(),
              Duration.ofSeconds(30)));
  private final EmbeddedChannel channel =
      new EmbeddedChannel(new PgFrameDecoder(64 * 1024), handler);

  @BeforeEach
  void signIn() {
    send(Frontend.startup(Map.of("user", "app", "database", "acme")));
    ScramClient client = new ScramClient("pw", "cnonce");
    List<Message> out = send(Frontend.saslInitialResponse("SCRAM-SHA-256", client.clientFirst()));
    byte[] serverFirst = out.get(0).buf().skipBytes(4).toString(StandardCharsets.UTF_8).getBytes();
    out = send(Frontend.saslResponse(client.clientFinal(serverFirst)));
    assertEquals('Z', out.get(out.size() - 1).type());
  }

  @AfterEach
  void noLeftovers() {
    channel.runPendingTasks();
    Backend.read(channel);
    assertFalse(channel.finish(), "no message or buffer may be left behind");
  }

  private ResolvedDatabase database() {
    return new ResolvedDatabase() {
      @Override
      public Optional<ScramVerifier> verifier() {
        return Optional.of(VERIFIER);
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

  /** Writes each buffer as one socket read. */
  private List<Message> send(ByteBuf... reads) {
    for (ByteBuf m : reads) {
      channel.writeInbound(m);
    }
    channel.runPendingTasks();
    return Backend.read(channel);
  }

  private List<Message> sendByteByByte(ByteBuf bytes) {
    while (bytes.isReadable()) {
      channel.writeInbound(bytes.readRetainedSlice(1));
    }
    bytes.release();
    channel.runPendingTasks();
    return Backend.read(channel);
  }

  private List<Message> answer(SessionResponse... responses) {
    for (SessionResponse r : responses) {
      backend.listener.onResponse(r);
    }
    channel.runPendingTasks();
    return Backend.read(channel);
  }

  private static String hex(Message m) {
    return m.type() + ByteBufUtil.hexDump(m.body());
  }

  private static SessionResponse ready(TxStatus status) {
    return SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(status)).build();
  }

  private static final SessionResponse PARSED =
      SessionResponse.newBuilder().setParseComplete(ParseComplete.getDefaultInstance()).build();
  private static final SessionResponse BOUND =
      SessionResponse.newBuilder().setBindComplete(BindComplete.getDefaultInstance()).build();
  private static final SessionResponse CLOSED =
      SessionResponse.newBuilder().setCloseComplete(CloseComplete.getDefaultInstance()).build();
  private static final SessionResponse NO_DATA =
      SessionResponse.newBuilder().setNoData(NoData.getDefaultInstance()).build();
  private static final SessionResponse SUSPENDED =
      SessionResponse.newBuilder().setPortalSuspended(PortalSuspended.getDefaultInstance()).build();

  private static SessionResponse columns(String name, PgType type) {
    return SessionResponse.newBuilder()
        .setRowDescription(RowDescription.newBuilder().addColumns(Results.column(name, type)))
        .build();
  }

  private static SessionResponse rows(Value... values) {
    RowBatch.Builder batch = RowBatch.newBuilder();
    for (Value v : values) {
      batch.addRows(Results.row(v));
    }
    return SessionResponse.newBuilder().setRows(batch).build();
  }

  private static SessionResponse error(SqlState state) {
    return SessionResponse.newBuilder()
        .setError(Error.newBuilder().setSqlstate(state.code()).setMessage("boom"))
        .build();
  }

  private static byte[] int4(int n) {
    return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
  }

  private Extended lastRequest() {
    return backend.requests.get(backend.requests.size() - 1);
  }

  private static List<String> kinds(Extended request) {
    return request.getStepsList().stream().map(s -> s.getKindCase().name()).toList();
  }

  // -------------------------------------------------------------------------------------------
  // tests

  @Test
  void sendsAPipelineAsOneRequestAndAnswersEachStepInOrder() {
    List<Message> out =
        send(
            Frontend.concat(
                Frontend.parse("", "SELECT $1 AS n", 23),
                Frontend.bind("", "", new int[] {1}, new byte[][] {int4(42)}, 1),
                Frontend.describe('P', ""),
                Frontend.execute("", 0),
                Frontend.sync()));
    assertEquals("", Backend.types(out), "nothing is answered before the backend");
    assertEquals(1, backend.requests.size());
    Extended request = lastRequest();
    assertEquals(List.of("PARSE", "BIND", "DESCRIBE", "EXECUTE"), kinds(request));
    assertTrue(request.getSync());
    assertEquals(List.of(23), request.getSteps(0).getParse().getParamTypeOidsList());
    assertEquals(
        List.of(Value.newBuilder().setInteger(42).build()),
        request.getSteps(1).getBind().getParamsList());
    assertEquals(1, request.getSteps(1).getBind().getResultFormatCount());

    out =
        answer(
            PARSED,
            BOUND,
            columns("n", PgType.INT8),
            rows(Value.newBuilder().setInteger(7).build()),
            Results.commandComplete("SELECT 1"),
            ready(TxStatus.IDLE));
    assertEquals(
        List.of(
            "1",
            "2",
            // one field "n", int8, length 8, typmod -1, binary
            "T" + "0001" + "6e00" + "00000000" + "0000" + "00000014" + "0008" + "ffffffff" + "0001",
            // one column of 8 bytes: 7
            "D" + "0001" + "00000008" + "0000000000000007",
            "C" + "53454c454354203100",
            "Z" + "49"),
        out.stream().map(ExtendedQuerySessionTest::hex).toList());
    assertEquals(SessionState.READY, handler.state());
  }

  @Test
  void handlesAPipelineFedOneByteAtATime() {
    List<Message> out =
        sendByteByByte(
            Frontend.concat(
                Frontend.parse("", "SELECT 1"),
                Frontend.bind(""),
                Frontend.execute("", 0),
                Frontend.sync()));
    assertEquals("", Backend.types(out));
    // The Parse went out at the end of its read; the rest waited for its answer.
    assertEquals(List.of("PARSE"), kinds(lastRequest()));
    assertFalse(lastRequest().getSync());
    assertEquals("1", Backend.types(answer(PARSED, ready(TxStatus.IDLE))));
    assertEquals(List.of("BIND", "EXECUTE"), kinds(lastRequest()));
    assertTrue(lastRequest().getSync());
    out =
        answer(
            BOUND,
            columns("x", PgType.TEXT),
            rows(Value.newBuilder().setText("a").build()),
            Results.commandComplete("SELECT 1"),
            ready(TxStatus.IDLE));
    assertEquals("2DCZ", Backend.types(out));
  }

  @Test
  void discardsTheRestOfThePipelineAfterABackendErrorThenReadiesOnce() {
    send(
        Frontend.concat(
            Frontend.parse("", "INSERT INTO t VALUES (1)"),
            Frontend.bind(""),
            Frontend.execute("", 0),
            Frontend.parse("", "INSERT INTO t VALUES (2)"),
            Frontend.bind(""),
            Frontend.execute("", 0),
            Frontend.sync()));
    assertEquals(6, lastRequest().getStepsCount());
    List<Message> out =
        answer(PARSED, BOUND, error(SqlState.UNIQUE_VIOLATION), ready(TxStatus.IDLE));
    assertEquals("12EZ", Backend.types(out));
    assertEquals(SqlState.UNIQUE_VIOLATION.code(), out.get(2).sqlState());
    assertEquals(SessionState.READY, handler.state());
  }

  @Test
  void skipsUntilSyncAcrossRequestsAfterAnError() {
    send(
        Frontend.concat(
            Frontend.parse("", "SELECT 1"),
            Frontend.bind(""),
            Frontend.execute("", 0),
            Frontend.flush()));
    assertFalse(lastRequest().getSync());
    List<Message> out = answer(PARSED, BOUND, error(SqlState.DATA_EXCEPTION), ready(TxStatus.IDLE));
    assertEquals("12E", Backend.types(out), "a Flush answers without ReadyForQuery");
    assertEquals(SessionState.FAILED_SKIP_UNTIL_SYNC, handler.state());
    send(
        Frontend.concat(
            Frontend.parse("", "SELECT 2"), Frontend.bind(""), Frontend.execute("", 0)));
    assertEquals(1, backend.requests.size(), "discarded messages never reach the backend");
    assertEquals("", Backend.types(send(Frontend.sync())));
    assertEquals(List.of(), kinds(lastRequest()), "the Sync goes to the backend alone");
    assertTrue(lastRequest().getSync());
    assertFalse(lastRequest().getGatewayFailed(), "the backend raised the error itself");
    assertEquals("Z", Backend.types(answer(ready(TxStatus.IDLE))));
    assertEquals(SessionState.READY, handler.state());
  }

  @Test
  void answersItsOwnErrorsAfterTheBackendsAnswersAndFailsTheBackendsTransaction() {
    send(
        Frontend.concat(
            Frontend.parse("", "INSERT INTO t VALUES (1)"),
            Frontend.bind(""),
            Frontend.execute("", 0),
            Frontend.bind("nope"),
            Frontend.execute("", 0),
            Frontend.sync()));
    assertEquals(List.of("PARSE", "BIND", "EXECUTE"), kinds(lastRequest()));
    assertFalse(lastRequest().getSync());
    List<Message> out =
        answer(
            PARSED, BOUND, Results.commandComplete("INSERT 0 1"), ready(TxStatus.IN_TRANSACTION));
    assertEquals("12CE", Backend.types(out));
    assertEquals(SqlState.INVALID_SQL_STATEMENT_NAME.code(), out.get(3).sqlState());
    assertEquals(List.of(), kinds(lastRequest()));
    assertTrue(lastRequest().getSync());
    assertTrue(lastRequest().getGatewayFailed(), "the implicit transaction must not commit");
    assertEquals("Z", Backend.types(answer(ready(TxStatus.IDLE))));
  }

  @Test
  void answersASyncItselfWhenNothingReachedTheBackend() {
    assertEquals("Z", Backend.types(send(Frontend.sync())));
    assertTrue(backend.requests.isEmpty());
  }

  @Test
  void runsSessionStatementsAtTheGateway() {
    List<Message> out =
        send(
            Frontend.concat(
                Frontend.parse("", "SET application_name = 'pipeline'"),
                Frontend.bind(""),
                Frontend.describe('P', ""),
                Frontend.execute("", 0),
                Frontend.parse("s", "SHOW application_name"),
                Frontend.describe('S', "s"),
                Frontend.bind("s"),
                Frontend.execute("", 0),
                Frontend.sync()));
    assertEquals("12nSC1tT2DCZ", Backend.types(out));
    assertEquals(Map.entry("application_name", "pipeline"), out.get(3).parameter());
    assertEquals("SET", out.get(4).string());
    assertEquals(List.of("pipeline"), out.get(9).columns());
    assertTrue(backend.requests.isEmpty(), "no session statement reached the backend");
  }

  @Test
  void keepsTheOrderOfBackendAndGatewayAnswers() {
    send(
        Frontend.concat(
            Frontend.parse("", "SELECT 1"),
            Frontend.bind(""),
            Frontend.execute("", 0),
            Frontend.parse("", "SHOW TimeZone"),
            Frontend.bind(""),
            Frontend.execute("", 0),
            Frontend.sync()));
    assertEquals(List.of("PARSE", "BIND", "EXECUTE"), kinds(lastRequest()));
    List<Message> out =
        answer(
            PARSED,
            BOUND,
            columns("x", PgType.INT8),
            rows(Value.newBuilder().setInteger(1).build()),
            Results.commandComplete("SELECT 1"),
            ready(TxStatus.IN_TRANSACTION));
    assertEquals("12DC12DC", Backend.types(out));
    assertEquals(List.of("UTC"), out.get(6).columns());
    assertTrue(lastRequest().getSync(), "the Sync still ends the backend's transaction");
    assertEquals("Z", Backend.types(answer(ready(TxStatus.IDLE))));
  }

  @Test
  void passesPortalSuspensionThroughAndResumes() {
    send(
        Frontend.concat(
            Frontend.parse("s", "SELECT n FROM t"),
            Frontend.bind("c", "s", new int[0], new byte[0][]),
            Frontend.execute("c", 2),
            Frontend.sync()));
    List<Message> out =
        answer(
            PARSED,
            BOUND,
            columns("n", PgType.INT8),
            rows(
                Value.newBuilder().setInteger(1).build(), Value.newBuilder().setInteger(2).build()),
            SUSPENDED,
            ready(TxStatus.IN_TRANSACTION));
    assertEquals("12DDsZ", Backend.types(out));
    assertEquals(2, lastRequest().getSteps(2).getExecute().getMaxRows());
    send(Frontend.concat(Frontend.execute("c", 2), Frontend.sync()));
    assertEquals(List.of("EXECUTE"), kinds(lastRequest()));
    out =
        answer(
            rows(Value.newBuilder().setInteger(3).build()),
            Results.commandComplete("SELECT 1"),
            ready(TxStatus.IN_TRANSACTION));
    assertEquals("DCZ", Backend.types(out));
    assertEquals(List.of("3"), out.get(0).columns(), "the portal keeps its text format");
  }

  @Test
  void refusesADuplicateNamedStatementButUndoesStepsTheBackendSkipped() {
    send(
        Frontend.concat(
            Frontend.parse("a", "SELECT 1"),
            Frontend.bind("", "a", new int[0], new byte[0][]),
            Frontend.execute("", 0),
            Frontend.parse("b", "SELECT 2"),
            Frontend.sync()));
    answer(PARSED, BOUND, error(SqlState.UNDEFINED_TABLE), ready(TxStatus.IDLE));
    List<Message> out = send(Frontend.concat(Frontend.parse("a", "SELECT 3"), Frontend.sync()));
    assertEquals("EZ", Backend.types(out));
    assertEquals(SqlState.DUPLICATE_PREPARED_STATEMENT.code(), out.get(0).sqlState());
    send(Frontend.concat(Frontend.parse("b", "SELECT 2"), Frontend.sync()));
    assertEquals(List.of("PARSE"), kinds(lastRequest()), "b was never created: it may be parsed");
    assertEquals("1Z", Backend.types(answer(PARSED, ready(TxStatus.IDLE))));
  }

  @Test
  void describesStatementsWithParameterTypesFromTheBackend() {
    send(
        Frontend.concat(
            Frontend.parse("s", "SELECT $1"), Frontend.describe('S', "s"), Frontend.sync()));
    List<Message> out =
        answer(
            PARSED,
            SessionResponse.newBuilder()
                .setParameterDescription(ParameterDescription.newBuilder().addTypeOids(25))
                .build(),
            NO_DATA,
            ready(TxStatus.IDLE));
    assertEquals(
        List.of("1", "t" + "0001" + "00000019", "n", "Z49"),
        out.stream().map(ExtendedQuerySessionTest::hex).toList());
  }

  @Test
  void reportsUnknownPortalsAndClosesUnknownNamesQuietly() {
    List<Message> out =
        send(
            Frontend.concat(
                Frontend.close('S', "none"), Frontend.close('P', "none"), Frontend.sync()));
    assertEquals("33Z", Backend.types(out));
    out = send(Frontend.concat(Frontend.describe('P', "none"), Frontend.sync()));
    assertEquals("EZ", Backend.types(out));
    assertEquals(SqlState.INVALID_CURSOR_NAME.code(), out.get(0).sqlState());
    assertTrue(backend.requests.isEmpty());
  }

  @Test
  void closesBackendStatementsOnTheBackend() {
    send(Frontend.concat(Frontend.parse("s", "SELECT 1"), Frontend.sync()));
    answer(PARSED, ready(TxStatus.IDLE));
    send(Frontend.concat(Frontend.close('S', "s"), Frontend.sync()));
    assertEquals(List.of("CLOSE"), kinds(lastRequest()));
    assertEquals("3Z", Backend.types(answer(CLOSED, ready(TxStatus.IDLE))));
    List<Message> out = send(Frontend.concat(Frontend.bind("s"), Frontend.sync()));
    assertEquals("EZ", Backend.types(out), "a closed statement is gone");
  }

  @Test
  void refusesMalformedBinaryParametersBeforeTheBackend() {
    List<Message> out =
        send(Frontend.concat(Frontend.parse("s", "SELECT $1", 23), Frontend.sync()));
    answer(PARSED, ready(TxStatus.IDLE));
    out =
        send(
            Frontend.concat(
                Frontend.bind("", "s", new int[] {1}, new byte[][] {{0, 1, 2}}),
                Frontend.execute("", 0),
                Frontend.sync()));
    assertEquals("EZ", Backend.types(out));
    assertEquals(SqlState.INVALID_BINARY_REPRESENTATION.code(), out.get(0).sqlState());
    assertEquals("in bind parameter $1", out.get(0).errorFields().get('D'));
    out =
        send(
            Frontend.concat(
                Frontend.bind(
                    "", "s", new int[0], new byte[][] {"x1".getBytes(StandardCharsets.UTF_8)}),
                Frontend.sync()));
    assertEquals(SqlState.INVALID_TEXT_REPRESENTATION.code(), out.get(0).sqlState());
    assertEquals(1, backend.requests.size(), "only the Parse reached the backend");
  }

  @Test
  void reportsAValueWithNoBinaryFormAndFailsTheTransactionAtSync() {
    send(
        Frontend.concat(
            Frontend.parse("", "SELECT n FROM t"),
            Frontend.bind("", "", new int[0], new byte[0][], 1),
            Frontend.execute("", 0),
            Frontend.flush()));
    List<Message> out =
        answer(
            PARSED,
            BOUND,
            columns("n", PgType.INT8),
            rows(Value.newBuilder().setText("not a number").build()),
            rows(Value.newBuilder().setInteger(2).build()),
            Results.commandComplete("SELECT 2"),
            ready(TxStatus.IN_TRANSACTION));
    assertEquals("12E", Backend.types(out), "the rest of the result is not shown");
    assertEquals(SqlState.DATATYPE_MISMATCH.code(), out.get(2).sqlState());
    assertEquals(SessionState.FAILED_SKIP_UNTIL_SYNC, handler.state());
    send(Frontend.sync());
    assertTrue(lastRequest().getGatewayFailed());
    assertEquals("Z", Backend.types(answer(ready(TxStatus.IDLE))));
  }

  @Test
  void waitsForTheBackendBeforeTheNextRun() {
    send(Frontend.concat(Frontend.parse("", "SELECT 1"), Frontend.sync()));
    send(Frontend.concat(Frontend.parse("", "SELECT 2"), Frontend.sync()));
    assertEquals(1, backend.requests.size(), "one request at a time");
    assertFalse(channel.config().isAutoRead());
    assertEquals("1Z", Backend.types(answer(PARSED, ready(TxStatus.IDLE))));
    assertEquals(2, backend.requests.size());
    assertEquals("1Z", Backend.types(answer(PARSED, ready(TxStatus.IDLE))));
    assertTrue(channel.config().isAutoRead());
  }

  @Test
  void discardAllDeallocatesPreparedStatementsOnTheBackendToo() {
    send(Frontend.concat(Frontend.parse("s", "SELECT 1"), Frontend.sync()));
    answer(PARSED, ready(TxStatus.IDLE));
    List<Message> out =
        send(
            Frontend.concat(
                Frontend.parse("", "DISCARD ALL"),
                Frontend.bind(""),
                Frontend.execute("", 0),
                Frontend.sync()));
    assertEquals("12C", Backend.types(out), "the Sync waits for the backend");
    assertEquals("DISCARD ALL", out.get(out.size() - 1).string());
    assertEquals(List.of("CLOSE"), kinds(lastRequest()), "the node's statement is closed too");
    assertEquals(
        io.rhizome.proto.Target.TARGET_STATEMENT, lastRequest().getSteps(0).getClose().getTarget());
    assertEquals("s", lastRequest().getSteps(0).getClose().getName());
    assertEquals("Z", Backend.types(answer(CLOSED, ready(TxStatus.IDLE))), "quietly");
    send(Frontend.concat(Frontend.parse("s", "SELECT 2"), Frontend.sync()));
    assertEquals(List.of("PARSE"), kinds(lastRequest()), "the name is free again");
    assertEquals("1Z", Backend.types(answer(PARSED, ready(TxStatus.IDLE))));
  }

  /** Records requests; the test answers them through {@link #listener}. */
  private static final class RecordingBackend implements StatementBackend {
    BackendListener listener;
    final List<Extended> requests = new ArrayList<>();

    @Override
    public void execute(List<String> statements) {
      throw new AssertionError("no simple query expected");
    }

    @Override
    public void execute(Extended request) {
      requests.add(request);
    }

    @Override
    public void request() {}

    @Override
    public void close() {}
  }
}
