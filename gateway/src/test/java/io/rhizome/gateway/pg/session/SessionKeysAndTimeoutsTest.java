/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rhizome.gateway.auth.MockVerifiers;
import io.rhizome.gateway.auth.ScramVerifiers;
import io.rhizome.gateway.pg.codec.PgFrameDecoder;
import io.rhizome.gateway.wire.Backend;
import io.rhizome.gateway.wire.Backend.Message;
import io.rhizome.gateway.wire.Frontend;
import io.rhizome.gateway.wire.ScramClient;
import io.rhizome.proto.Extended;
import io.rhizome.proto.Ready;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * BackendKeyData and CancelRequest, pg_backend_pid(), DISCARD ALL in a transaction, and the idle
 * session timeout, at byte level on an EmbeddedChannel (timers run on the channel's fake clock).
 */
class SessionKeysAndTimeoutsTest {
  private static final ScramVerifier VERIFIER = ScramVerifiers.derive("pw");
  private static final CancelKey NODE_KEY = new CancelKey(0x1234_5678, 0x0BAD_F00D);
  private static final Duration IDLE = Duration.ofMinutes(5);

  private final List<CancelKey> cancels = new ArrayList<>();
  private final KeyedBackend backend = new KeyedBackend();
  private final EmbeddedChannel channel =
      new EmbeddedChannel(
          new PgFrameDecoder(64 * 1024),
          new PgSessionHandler(
              new SessionServices(
                  this::resolve,
                  Runnable::run,
                  new MockVerifiers(),
                  new SecureRandom(),
                  Duration.ofSeconds(30),
                  null,
                  false,
                  (pid, secret) -> cancels.add(new CancelKey(pid, secret)),
                  IDLE)));

  @AfterEach
  void noLeftovers() {
    channel.runPendingTasks();
    Backend.read(channel);
    assertFalse(channel.finish(), "no message or buffer may be left behind");
  }

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
        return CompletableFuture.completedFuture(backend);
      }
    };
  }

  private List<Message> send(ByteBuf message) {
    channel.writeInbound(message);
    channel.runPendingTasks();
    return Backend.read(channel);
  }

  private List<Message> signIn() {
    send(Frontend.startup(Map.of("user", "app", "database", "acme")));
    ScramClient client = new ScramClient("pw", "cnonce");
    List<Message> out = send(Frontend.saslInitialResponse("SCRAM-SHA-256", client.clientFirst()));
    byte[] serverFirst = out.get(0).buf().skipBytes(4).toString(StandardCharsets.UTF_8).getBytes();
    return send(Frontend.saslResponse(client.clientFinal(serverFirst)));
  }

  private List<Message> nodeAnswers(TxStatus status) {
    backend.listener.onResponse(
        SessionResponse.newBuilder()
            .setCommandComplete(
                io.rhizome.proto.CommandComplete.newBuilder()
                    .setTag(status == TxStatus.IDLE ? "COMMIT" : "BEGIN"))
            .build());
    backend.listener.onResponse(
        SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(status)).build());
    channel.runPendingTasks();
    return Backend.read(channel);
  }

  @Test
  void backendKeyDataIsTheBackendsKeyAndPgBackendPidReportsIt() {
    List<Message> out = signIn();
    Message key = out.stream().filter(m -> m.type() == 'K').findFirst().orElseThrow();
    ByteBuf body = key.buf();
    assertEquals(NODE_KEY.processId(), body.readInt());
    assertEquals(NODE_KEY.secretKey(), body.readInt());
    out = send(Frontend.query("select PG_BACKEND_PID() as pid"));
    assertEquals("TDCZ", Backend.types(out), "answered by the gateway");
    assertEquals(List.of(String.valueOf(NODE_KEY.processId())), out.get(1).columns());
    assertTrue(backend.executed.isEmpty());
  }

  @Test
  void cancelRequestIsForwardedAndTheConnectionClosesWithoutAnAnswer() {
    assertTrue(send(Frontend.cancelRequest(7, 99)).isEmpty(), "no reply, as from Postgres");
    assertEquals(List.of(new CancelKey(7, 99)), cancels);
    assertFalse(channel.isActive());
  }

  @Test
  void discardAllIsRefusedInsideATransactionAndResetsSettingsOutside() {
    signIn();
    send(Frontend.query("begin"));
    assertEquals("CZ", Backend.types(nodeAnswers(TxStatus.IN_TRANSACTION)));
    List<Message> out = send(Frontend.query("DISCARD ALL"));
    assertEquals("EZ", Backend.types(out));
    assertEquals(SqlState.ACTIVE_SQL_TRANSACTION.code(), out.get(0).sqlState());
    send(Frontend.query("commit"));
    nodeAnswers(TxStatus.IDLE);
    send(Frontend.query("SET application_name = 'x'"));
    out = send(Frontend.query("DISCARD ALL"));
    assertEquals("SCZ", Backend.types(out));
    assertEquals(Map.entry("application_name", ""), out.get(0).parameter());
    assertEquals("DISCARD ALL", out.get(1).string());
  }

  @Test
  void anIdleSessionIsClosedWith57P05AfterTheTimeout() {
    // Only advanceTimeBy moves the loop's clock: the test's own run time (a loaded CI machine)
    // must not count towards the millisecond this test is about.
    channel.freezeTime();
    signIn();
    channel.advanceTimeBy(IDLE.toMillis() - 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isActive());
    send(Frontend.query("select version()")); // activity restarts the clock
    channel.advanceTimeBy(IDLE.toMillis() - 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isActive());
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    List<Message> out = Backend.read(channel);
    assertEquals("E", Backend.types(out));
    assertEquals(SqlState.IDLE_SESSION_TIMEOUT.code(), out.get(0).sqlState());
    assertEquals(
        "terminating connection due to idle-session timeout", out.get(0).errorFields().get('M'));
    assertFalse(channel.isActive());
    assertTrue(backend.closed);
  }

  @Test
  void aSessionIdleInsideATransactionIsLeftAlone() {
    signIn();
    send(Frontend.query("begin"));
    nodeAnswers(TxStatus.IN_TRANSACTION);
    channel.advanceTimeBy(IDLE.toMillis() * 2, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isActive());
  }

  private PgSessionHandler session() {
    return channel.pipeline().get(PgSessionHandler.class);
  }

  private void assertEndedWithAdminShutdown() {
    List<Message> out = Backend.read(channel);
    assertEquals("E", Backend.types(out));
    assertEquals(SqlState.ADMIN_SHUTDOWN.code(), out.get(0).sqlState());
    assertEquals("FATAL", out.get(0).errorFields().get('S'));
    assertFalse(channel.isActive());
    assertTrue(backend.closed);
  }

  @Test
  void aShutdownEndsAnIdleSessionWith57P01() {
    signIn();
    session().endIfIdle(false);
    channel.runPendingTasks();
    assertEndedWithAdminShutdown();
  }

  @Test
  void aShutdownLetsATransactionFinishThenEndsTheSession() {
    signIn();
    send(Frontend.query("begin"));
    nodeAnswers(TxStatus.IN_TRANSACTION);
    session().endIfIdle(false);
    channel.runPendingTasks();
    assertTrue(Backend.read(channel).isEmpty(), "nothing said to a session inside a transaction");
    assertTrue(channel.isActive());
    send(Frontend.query("commit"));
    assertEquals("CZ", Backend.types(nodeAnswers(TxStatus.IDLE)));
    session().endIfIdle(false);
    channel.runPendingTasks();
    assertEndedWithAdminShutdown();
  }

  @Test
  void aShutdownAtTheEndOfTheGraceEndsASessionInsideATransaction() {
    signIn();
    send(Frontend.query("begin"));
    nodeAnswers(TxStatus.IN_TRANSACTION);
    session().endIfIdle(true);
    channel.runPendingTasks();
    assertEndedWithAdminShutdown();
  }

  private static final class KeyedBackend implements StatementBackend {
    BackendListener listener;
    final List<List<String>> executed = new ArrayList<>();
    boolean closed;

    @Override
    public void execute(List<String> statements) {
      executed.add(List.copyOf(statements));
    }

    @Override
    public void execute(Extended request) {
      throw new AssertionError("no extended query in these tests");
    }

    @Override
    public void request() {}

    @Override
    public Optional<CancelKey> cancelKey() {
      return Optional.of(NODE_KEY);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
