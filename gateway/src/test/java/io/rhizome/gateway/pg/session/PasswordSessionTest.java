/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rhizome.gateway.auth.AuthThrottle;
import io.rhizome.gateway.auth.MockVerifiers;
import io.rhizome.gateway.auth.UserCredentials;
import io.rhizome.gateway.pg.codec.PgFrameDecoder;
import io.rhizome.gateway.wire.Backend;
import io.rhizome.gateway.wire.Backend.Message;
import io.rhizome.gateway.wire.Frontend;
import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.UserRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session with md5 and cleartext password authentication, at byte level: the request the
 * gateway sends, the PasswordMessage back, and the same 28P01 for a wrong password and an unknown
 * user. The client side is computed here as libpq does it, independently of the gateway's code.
 */
class PasswordSessionTest {
  private EmbeddedChannel channel;
  private PgSessionHandler handler;
  private UserRecord app;
  private boolean opened;
  private Executor blocking = Runnable::run;

  private AuthThrottle throttle = AuthThrottle.off();

  private void serve(AuthMethod method) {
    app = UserCredentials.forPassword("app", "s3cret", method);
    handler =
        new PgSessionHandler(
            new SessionServices(
                (database, user) -> database(user),
                task -> blocking.execute(task),
                new MockVerifiers(),
                new SecureRandom(),
                Duration.ofSeconds(30),
                null,
                false,
                CancelRequests.NONE,
                Duration.ZERO,
                method,
                1 << 20,
                throttle,
                GatewayMetrics.NONE));
    channel = new EmbeddedChannel(new PgFrameDecoder(4096), handler);
  }

  @AfterEach
  void noLeftovers() {
    channel.runPendingTasks();
    Backend.read(channel);
    assertFalse(channel.finish(), "no message or buffer may be left behind");
  }

  private ResolvedDatabase database(String user) {
    return new ResolvedDatabase() {
      @Override
      public Optional<ScramVerifier> verifier() {
        return user.equals("app") ? Optional.of(app.getScram()) : Optional.empty();
      }

      @Override
      public Optional<String> md5Secret() {
        return user.equals("app") && !app.getMd5().isEmpty()
            ? Optional.of(app.getMd5())
            : Optional.empty();
      }

      @Override
      public CompletableFuture<StatementBackend> connect(
          BackendListener listener, ScheduledExecutorService loop) {
        opened = true;
        return CompletableFuture.completedFuture(new IdleBackend());
      }
    };
  }

  private List<Message> send(ByteBuf message) {
    channel.writeInbound(message);
    channel.runPendingTasks();
    return Backend.read(channel);
  }

  private Message startup(String user) {
    List<Message> out = send(Frontend.startup(Map.of("user", user, "database", "acme")));
    assertEquals(1, out.size(), out.toString());
    assertEquals('R', out.get(0).type());
    return out.get(0);
  }

  /** libpq's answer: "md5" + hex(md5(hex(md5(password || user)) || salt)). */
  private static String md5Answer(String user, String password, byte[] salt) throws Exception {
    String inner = hexMd5(concat((password + user).getBytes(StandardCharsets.UTF_8)));
    return "md5" + hexMd5(concat(inner.getBytes(StandardCharsets.US_ASCII), salt));
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuf b = Unpooled.buffer();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    b.release();
    return out;
  }

  private static String hexMd5(byte[] input) throws Exception {
    byte[] digest = MessageDigest.getInstance("MD5").digest(input);
    return String.format("%032x", new BigInteger(1, digest));
  }

  private static byte[] md5Salt(Message request) {
    assertEquals(5, request.authCode());
    ByteBuf b = request.buf().skipBytes(4);
    assertEquals(4, b.readableBytes());
    byte[] salt = new byte[4];
    b.readBytes(salt);
    return salt;
  }

  private void assertSignedIn(List<Message> out) {
    assertEquals('R', out.get(0).type());
    assertEquals(0, out.get(0).authCode());
    assertEquals('Z', out.get(out.size() - 1).type());
    assertEquals(SessionState.READY, handler.state());
    assertTrue(opened);
  }

  private void assertRefused(List<Message> out, String user) {
    assertEquals("E", Backend.types(out));
    assertEquals("28P01", out.get(0).sqlState());
    assertEquals("FATAL", out.get(0).errorFields().get('S'));
    assertEquals(
        "password authentication failed for user \"" + user + "\"",
        out.get(0).errorFields().get('M'));
    assertEquals(SessionState.CLOSED, handler.state());
    assertFalse(opened, "no backend is opened for a refused client");
  }

  @Test
  void md5SignsInWithTheRightPassword() throws Exception {
    serve(AuthMethod.AUTH_MD5);
    byte[] salt = md5Salt(startup("app"));
    assertSignedIn(send(Frontend.passwordMessage(md5Answer("app", "s3cret", salt))));
  }

  @Test
  void md5RefusesAWrongPassword() throws Exception {
    serve(AuthMethod.AUTH_MD5);
    byte[] salt = md5Salt(startup("app"));
    assertRefused(send(Frontend.passwordMessage(md5Answer("app", "wrong", salt))), "app");
  }

  @Test
  void md5RefusesAnUnknownUserTheSameWay() throws Exception {
    serve(AuthMethod.AUTH_MD5);
    byte[] salt = md5Salt(startup("ghost"));
    assertRefused(send(Frontend.passwordMessage(md5Answer("ghost", "s3cret", salt))), "ghost");
  }

  @Test
  void cleartextSignsInWithTheRightPassword() {
    serve(AuthMethod.AUTH_PASSWORD);
    Message request = startup("app");
    assertEquals(3, request.authCode());
    assertEquals(4, request.body().length);
    assertSignedIn(send(Frontend.passwordMessage("s3cret")));
  }

  @Test
  void cleartextRefusesAWrongPassword() {
    serve(AuthMethod.AUTH_PASSWORD);
    assertEquals(3, startup("app").authCode());
    assertRefused(send(Frontend.passwordMessage("S3cret")), "app");
  }

  @Test
  void cleartextRefusesAnUnknownUser() {
    serve(AuthMethod.AUTH_PASSWORD);
    assertEquals(3, startup("ghost").authCode());
    assertRefused(send(Frontend.passwordMessage("s3cret")), "ghost");
  }

  @Test
  void aPasswordMessageWithTrailingBytesIsAProtocolViolation() {
    serve(AuthMethod.AUTH_PASSWORD);
    startup("app");
    ByteBuf body = Unpooled.buffer().writeBytes(new byte[] {'p', 0, 'x'});
    List<Message> out = send(Frontend.typed('p', body));
    assertEquals("E", Backend.types(out));
    assertEquals("08P01", out.get(0).sqlState());
    assertFalse(opened);
  }

  @Test
  void theCleartextCheckRunsOffTheEventLoopAndTheClientMustWaitForIt() {
    List<Runnable> offLoop = new ArrayList<>();
    serve(AuthMethod.AUTH_PASSWORD);
    startup("app");
    blocking = offLoop::add;
    assertEquals(List.of(), send(Frontend.passwordMessage("s3cret")));
    assertEquals(SessionState.VERIFYING_PASSWORD, handler.state());
    assertEquals(1, offLoop.size());
    offLoop.remove(0).run();
    channel.runPendingTasks();
    assertSignedIn(Backend.read(channel));
  }

  @Test
  void aMessageWhileThePasswordIsCheckedIsAProtocolViolation() {
    List<Runnable> offLoop = new ArrayList<>();
    serve(AuthMethod.AUTH_PASSWORD);
    startup("app");
    blocking = offLoop::add;
    send(Frontend.passwordMessage("s3cret"));
    List<Message> out = send(Frontend.query("SELECT 1"));
    assertEquals("E", Backend.types(out));
    assertEquals("08P01", out.get(0).sqlState());
    offLoop.remove(0).run();
    channel.runPendingTasks();
    assertEquals(List.of(), Backend.read(channel), "nothing after the session has failed");
    assertFalse(opened);
  }

  @Test
  void aWrongPasswordIsAnsweredOnlyAfterTheThrottlesDelay() throws Exception {
    throttle = new AuthThrottle(Duration.ofSeconds(1), Duration.ofSeconds(10));
    serve(AuthMethod.AUTH_MD5);
    byte[] salt = md5Salt(startup("app"));
    channel.freezeTime(); // only advanceTimeBy moves the loop's clock
    assertEquals(List.of(), send(Frontend.passwordMessage(md5Answer("app", "wrong", salt))));
    assertEquals(SessionState.VERIFYING_PASSWORD, handler.state());
    channel.advanceTimeBy(999, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertEquals(List.of(), Backend.read(channel), "not yet");
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertRefused(Backend.read(channel), "app");
  }

  @Test
  void anUnknownUserWaitsExactlyAsLongAsAKnownOne() throws Exception {
    throttle = new AuthThrottle(Duration.ofSeconds(1), Duration.ofSeconds(10));
    serve(AuthMethod.AUTH_MD5);
    byte[] salt = md5Salt(startup("ghost"));
    channel.freezeTime(); // only advanceTimeBy moves the loop's clock
    assertEquals(List.of(), send(Frontend.passwordMessage(md5Answer("ghost", "x", salt))));
    channel.advanceTimeBy(999, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertEquals(List.of(), Backend.read(channel), "not yet");
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertRefused(Backend.read(channel), "ghost");
  }

  @Test
  void theRightPasswordIsNotDelayed() throws Exception {
    throttle = new AuthThrottle(Duration.ofSeconds(1), Duration.ofSeconds(10));
    throttle.failed("", "acme", "app"); // an earlier failure of this user
    serve(AuthMethod.AUTH_MD5);
    byte[] salt = md5Salt(startup("app"));
    assertSignedIn(send(Frontend.passwordMessage(md5Answer("app", "s3cret", salt))));
  }

  /** A backend with nothing to say: these tests end at ReadyForQuery. */
  private static final class IdleBackend implements StatementBackend {
    @Override
    public void execute(List<String> statements) {}

    @Override
    public void execute(Extended request) {}

    @Override
    public void request() {}

    @Override
    public void close() {}
  }
}
