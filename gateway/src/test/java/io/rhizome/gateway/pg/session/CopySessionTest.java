/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rhizome.gateway.auth.MockVerifiers;
import io.rhizome.gateway.auth.ScramVerifiers;
import io.rhizome.gateway.pg.codec.PgFrameDecoder;
import io.rhizome.gateway.wire.Backend;
import io.rhizome.gateway.wire.Backend.Message;
import io.rhizome.gateway.wire.Frontend;
import io.rhizome.gateway.wire.ScramClient;
import io.rhizome.proto.Column;
import io.rhizome.proto.CommandComplete;
import io.rhizome.proto.Error;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Ready;
import io.rhizome.proto.Row;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * COPY at the session level: the real decoder and session handler on an EmbeddedChannel, with an
 * in-test backend that records what the session sends to the node and answers as the node would.
 */
class CopySessionTest {
  private static final ScramVerifier VERIFIER = ScramVerifiers.derive("pw");

  private final RecordingBackend backend = new RecordingBackend();
  private final PgSessionHandler handler =
      new PgSessionHandler(
          new SessionServices(
              this::resolve,
              Runnable::run,
              new MockVerifiers(),
              new SecureRandom(),
              Duration.ofSeconds(30)));
  private final EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(1 << 20), handler);

  private ResolvedDatabase resolve(String database, String user) {
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

  @BeforeEach
  void signIn() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("user", "app");
    p.put("database", "acme");
    send(Frontend.startup(p));
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

  // -------------------------------------------------------------------------------------------

  private List<Message> send(ByteBuf... messages) {
    for (ByteBuf m : messages) {
      channel.writeInbound(m);
    }
    channel.runPendingTasks();
    return Backend.read(channel);
  }

  private static ByteBuf copyData(String s) {
    return Frontend.typed('d', Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
  }

  private static ByteBuf copyDone() {
    return Frontend.typed('c', Unpooled.buffer());
  }

  private static ByteBuf copyFail(String reason) {
    ByteBuf body = Unpooled.buffer();
    Frontend.cstring(body, reason);
    return Frontend.typed('f', body);
  }

  private List<Message> deliver(SessionResponse... responses) {
    for (SessionResponse r : responses) {
      backend.listener.onResponse(r);
    }
    channel.runPendingTasks();
    return Backend.read(channel);
  }

  private static SessionResponse ready(TxStatus status) {
    return SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(status)).build();
  }

  private static SessionResponse description() {
    return SessionResponse.newBuilder()
        .setRowDescription(
            RowDescription.newBuilder()
                .addColumns(Column.newBuilder().setName("a").setType(PgType.INT8))
                .addColumns(Column.newBuilder().setName("b").setType(PgType.TEXT)))
        .build();
  }

  private static SessionResponse complete(String tag) {
    return SessionResponse.newBuilder()
        .setCommandComplete(CommandComplete.newBuilder().setTag(tag))
        .build();
  }

  private static Value integer(long n) {
    return Value.newBuilder().setInteger(n).build();
  }

  private static Value text(String s) {
    return Value.newBuilder().setText(s).build();
  }

  /** Starts {@code COPY t FROM STDIN ...} and answers the description of t (a int8, b text). */
  private void startCopyIn(String sql) {
    startCopyIn(sql, "SELECT * FROM t LIMIT 0", description());
  }

  private void startCopyIn(String sql, String select, SessionResponse description) {
    assertEquals("", Backend.types(send(Frontend.query(sql))));
    assertEquals(List.of(select), backend.executed.get(0));
    List<Message> out = deliver(description, complete("SELECT 0"), ready(TxStatus.IDLE));
    assertEquals("G", Backend.types(out));
    assertEquals(SessionState.COPY_IN, handler.state());
    assertTrue(channel.config().isAutoRead());
  }

  private static String sql(ExtendedStep step) {
    return step.getParse().getSql();
  }

  // -------------------------------------------------------------------------------------------

  @Test
  void copyInFragmentedRowsGoAsOneInsertWithSyncAtCopyDone() {
    startCopyIn("COPY t FROM STDIN (FORMAT csv)");
    assertEquals("", Backend.types(send(copyData("1,\"x,"), copyData("y\"\n2,"), copyData("z\n"))));
    assertTrue(backend.extended.isEmpty(), "rows wait for a full batch or CopyDone");
    send(copyDone());
    assertEquals(1, backend.extended.size());
    Extended request = backend.extended.get(0);
    assertTrue(request.getSync());
    assertEquals(
        "INSERT INTO t (\"a\", \"b\") VALUES ($1, $2), ($3, $4)", sql(request.getSteps(0)));
    assertEquals(
        List.of(integer(1), text("x,y"), integer(2), text("z")),
        request.getSteps(1).getBind().getParamsList());
    assertTrue(request.getSteps(2).hasExecute());
    List<Message> out = deliver(complete("INSERT 0 2"), ready(TxStatus.IDLE));
    assertEquals("CZ", Backend.types(out));
    assertEquals("COPY 2", out.get(0).string());
    assertEquals(SessionState.READY, handler.state());
  }

  @Test
  void theClientWaitsWhileTwoBatchesAreAtTheNode() {
    startCopyIn(
        "COPY t (b, a) FROM STDIN",
        "SELECT b, a FROM t LIMIT 0",
        SessionResponse.newBuilder()
            .setRowDescription(
                RowDescription.newBuilder()
                    .addColumns(Column.newBuilder().setName("b").setType(PgType.TEXT))
                    .addColumns(Column.newBuilder().setName("a").setType(PgType.INT8)))
            .build());
    StringBuilder rows = new StringBuilder();
    int n = CopyIn.MAX_IN_FLIGHT * CopyIn.BATCH_ROWS + 1;
    for (int i = 0; i < n; i++) {
      rows.append("r").append(i).append('\t').append(i).append('\n');
    }
    send(copyData(rows.toString()), copyData("last\t-1\n"), copyDone());
    assertEquals(CopyIn.MAX_IN_FLIGHT, backend.extended.size(), "the client waits now");
    Extended first = backend.extended.get(0);
    assertFalse(first.getSync(), "batches before the last run in the same transaction");
    assertEquals(SessionState.IN_QUERY, handler.state());
    assertFalse(channel.config().isAutoRead());
    assertEquals(1 + 2 * CopyIn.BATCH_ROWS / CopyIn.ROWS_PER_INSERT, first.getStepsCount());
    assertTrue(sql(first.getSteps(0)).startsWith("INSERT INTO t (b, a) VALUES ($1, $2), "));

    assertEquals("", Backend.types(deliver(ready(TxStatus.IN_TRANSACTION))));
    assertEquals(CopyIn.MAX_IN_FLIGHT + 1, backend.extended.size(), "the rest follows");
    Extended last = backend.extended.get(CopyIn.MAX_IN_FLIGHT);
    assertTrue(last.getSync());
    assertEquals("INSERT INTO t (b, a) VALUES ($1, $2), ($3, $4)", sql(last.getSteps(0)));
    for (int i = 1; i < CopyIn.MAX_IN_FLIGHT; i++) {
      assertEquals("", Backend.types(deliver(ready(TxStatus.IN_TRANSACTION))));
    }
    List<Message> out = deliver(ready(TxStatus.IDLE));
    assertEquals("CZ", Backend.types(out));
    assertEquals("COPY " + (n + 1), out.get(0).string());
    assertEquals(SessionState.READY, handler.state());
  }

  @Test
  void aBadValueDiscardsTheRestAndRollsBackAtCopyDone() {
    startCopyIn("COPY t FROM STDIN");
    assertEquals("", Backend.types(send(copyData("1\tok\nnope\tx\n"), copyData("3\tz\n"))));
    assertEquals(SessionState.COPY_IN, handler.state());
    send(copyDone());
    Extended sync = backend.extended.get(0);
    assertTrue(sync.getSync() && sync.getGatewayFailed(), "the node rolls back");
    assertEquals(0, sync.getStepsCount());
    List<Message> out = deliver(ready(TxStatus.IDLE));
    assertEquals("EZ", Backend.types(out));
    assertEquals("22P02", out.get(0).sqlState());
    assertEquals("COPY t, line 2, column a", out.get(0).errorFields().get('D'));
  }

  @Test
  void copyFailIsQueryCanceledAndRollsBack() {
    startCopyIn("COPY t FROM STDIN");
    send(copyData("1\tok\n"), copyFail("user gave up"));
    assertTrue(backend.extended.get(0).getGatewayFailed());
    List<Message> out = deliver(ready(TxStatus.IDLE));
    assertEquals("EZ", Backend.types(out));
    assertEquals("57014", out.get(0).sqlState());
    assertEquals("COPY from stdin failed: user gave up", out.get(0).errorFields().get('M'));
  }

  @Test
  void aNodeErrorInABatchIsReportedAfterCopyDone() {
    startCopyIn("COPY t FROM STDIN");
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < CopyIn.BATCH_ROWS; i++) {
      rows.append(i).append("\tv\n");
    }
    send(copyData(rows.toString()));
    assertEquals(SessionState.COPY_IN, handler.state(), "one batch at the node: input goes on");
    deliver(
        SessionResponse.newBuilder()
            .setError(
                Error.newBuilder()
                    .setSqlstate(SqlState.UNIQUE_VIOLATION.code())
                    .setMessage("UNIQUE constraint failed: t.a"))
            .build());
    assertEquals("", Backend.types(deliver(ready(TxStatus.IN_TRANSACTION))));
    assertEquals(SessionState.COPY_IN, handler.state());
    send(copyData("more\tignored\n"), copyDone());
    assertTrue(backend.extended.get(1).getSync());
    List<Message> out = deliver(ready(TxStatus.IDLE));
    assertEquals("EZ", Backend.types(out));
    assertEquals("23505", out.get(0).sqlState());
  }

  @Test
  void aMissingTableFailsBeforeCopyInResponse() {
    send(Frontend.query("COPY nope FROM STDIN"));
    List<Message> out =
        deliver(
            SessionResponse.newBuilder()
                .setError(
                    Error.newBuilder()
                        .setSqlstate(SqlState.UNDEFINED_TABLE.code())
                        .setMessage("no such table: nope"))
                .build(),
            ready(TxStatus.IDLE));
    assertEquals("EZ", Backend.types(out));
    assertEquals("42P01", out.get(0).sqlState());
  }

  @Test
  void serverSideFilesAreRefusedWithoutReachingTheNode() {
    List<Message> out = send(Frontend.query("COPY t FROM '/etc/passwd'"));
    assertEquals("EZ", Backend.types(out));
    assertEquals("42501", out.get(0).sqlState());
    out = send(Frontend.query("COPY t TO PROGRAM 'rm -rf /'"));
    assertEquals("42501", out.get(0).sqlState());
    assertTrue(backend.executed.isEmpty() && backend.extended.isEmpty());
  }

  @Test
  void copyThroughTheExtendedProtocolIsRefused() {
    List<Message> out = send(Frontend.parse("COPY t FROM STDIN"), Frontend.sync());
    assertEquals("EZ", Backend.types(out));
    assertEquals("0A000", out.get(0).sqlState());
    out = send(Frontend.parse("COPY t FROM '/etc/passwd'"), Frontend.sync());
    assertEquals("42501", out.get(0).sqlState());
  }

  @Test
  void anotherMessageDuringCopyInIsAProtocolViolation() {
    startCopyIn("COPY t FROM STDIN");
    List<Message> out = send(Frontend.sync(), Frontend.query("SELECT 1"));
    assertEquals("E", Backend.types(out));
    assertEquals("08P01", out.get(0).sqlState());
    assertTrue(backend.closed);
  }

  @Test
  void copyOutSendsOneCopyDataPerRowWithHeader() {
    send(Frontend.query("COPY (SELECT a, b FROM t) TO STDOUT (FORMAT csv, HEADER)"));
    assertEquals(List.of("SELECT a, b FROM t"), backend.executed.get(0));
    List<Message> out =
        deliver(
            description(),
            SessionResponse.newBuilder()
                .setRows(
                    RowBatch.newBuilder()
                        .addRows(Row.newBuilder().addValues(integer(1)).addValues(text("x,y")))
                        .addRows(
                            Row.newBuilder()
                                .addValues(integer(2))
                                .addValues(Value.newBuilder().setNull(true))))
                .build(),
            complete("SELECT 2"),
            ready(TxStatus.IDLE));
    assertEquals("HdddcCZ", Backend.types(out));
    List<String> lines = new ArrayList<>();
    for (Message m : out.subList(1, 4)) {
      lines.add(new String(m.body(), StandardCharsets.UTF_8));
    }
    assertEquals(List.of("a,b\n", "1,\"x,y\"\n", "2,\n"), lines);
    assertEquals("COPY 2", out.get(5).string());
  }

  @Test
  void theAdminConsoleHasNoCopy() {
    backend.copy = false;
    List<Message> out = send(Frontend.query("COPY t FROM STDIN"));
    assertEquals("EZ", Backend.types(out));
    assertEquals("0A000", out.get(0).sqlState());
    assertTrue(backend.executed.isEmpty());
  }

  private static final class RecordingBackend implements StatementBackend {
    BackendListener listener;
    boolean copy = true;
    final List<List<String>> executed = new ArrayList<>();
    final List<Extended> extended = new ArrayList<>();
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
    public void request() {}

    @Override
    public boolean supportsCopy() {
      return copy;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
