/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
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
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random bytes through the real decoder and session handler, for many seeds: nothing may escape the
 * pipeline (EmbeddedChannel rethrows what reaches its tail), no input buffer may be left
 * unreleased, no internal error may be reported for what is only bad input, and every run ends in a
 * closed channel (whose last word, if any, is an ErrorResponse) or a state that still accepts
 * input. Each failure names its seed, so it can be replayed.
 */
class PipelineFuzzTest {
  private static final ScramVerifier VERIFIER = ScramVerifiers.derive("pw");
  private static final String TYPES = "QpSHXPBDECFdcfZzy\0";
  private static final Set<SessionState> LIVE =
      Set.of(
          SessionState.AWAITING_STARTUP,
          SessionState.AUTHENTICATING,
          SessionState.READY,
          SessionState.IN_QUERY,
          SessionState.FAILED_SKIP_UNTIL_SYNC);

  private static ResourceLeakDetector.Level previousLevel;

  @BeforeAll
  static void paranoidLeakDetection() {
    previousLevel = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @AfterAll
  static void restoreLeakDetection() {
    ResourceLeakDetector.setLevel(previousLevel);
  }

  /** A session pipeline whose backend answers every Query with Ready on the next loop turn. */
  private static final class Harness {
    final PgSessionHandler handler;
    final EmbeddedChannel channel;
    final List<Message> output = new ArrayList<>();
    final List<ByteBuf> inputs = new ArrayList<>();

    Harness() {
      handler =
          new PgSessionHandler(
              new SessionServices(
                  (database, user) -> database(),
                  Runnable::run,
                  new MockVerifiers(),
                  new SecureRandom(),
                  Duration.ofSeconds(30)));
      channel = new EmbeddedChannel(new PgFrameDecoder(4096), handler);
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
          return CompletableFuture.completedFuture(
              new StatementBackend() {
                @Override
                public void execute(List<String> statements) {
                  loop.execute(
                      () ->
                          listener.onResponse(
                              SessionResponse.newBuilder()
                                  .setReady(Ready.newBuilder().setStatus(TxStatus.IDLE))
                                  .build()));
                }

                @Override
                public void execute(Extended request) {
                  // Refuses any step, as a backend without the extended protocol does.
                  loop.execute(
                      () -> {
                        if (request.getStepsCount() > 0) {
                          listener.onResponse(
                              SessionResponse.newBuilder()
                                  .setError(
                                      io.rhizome.proto.Error.newBuilder()
                                          .setSqlstate(SqlState.FEATURE_NOT_SUPPORTED.code())
                                          .setMessage("no extended query here"))
                                  .build());
                        }
                        listener.onResponse(
                            SessionResponse.newBuilder()
                                .setReady(Ready.newBuilder().setStatus(TxStatus.IDLE))
                                .build());
                      });
                }

                @Override
                public void request() {}

                @Override
                public void close() {}
              });
        }
      };
    }

    void feed(ByteBuf bytes) {
      inputs.add(bytes);
      channel.writeInbound(bytes);
      channel.runPendingTasks();
      output.addAll(Backend.read(channel));
    }

    void signIn() {
      feed(Frontend.startup(Map.of("user", "app", "database", "acme")));
      ScramClient client = new ScramClient("pw", "cnonce");
      feed(Frontend.saslInitialResponse("SCRAM-SHA-256", client.clientFirst()));
      Message serverFirst = output.get(output.size() - 1);
      byte[] first = serverFirst.buf().skipBytes(4).toString(StandardCharsets.UTF_8).getBytes();
      feed(Frontend.saslResponse(client.clientFinal(first)));
      assertEquals(SessionState.READY, handler.state());
      output.clear();
    }
  }

  private static void check(Harness h, long seed) {
    String why = "seed " + seed;
    for (Message m : h.output) {
      if (m.type() == 'E') {
        assertNotEquals(
            SqlState.INTERNAL_ERROR.code(), m.sqlState(), why + ": bad input is not a bug");
      }
    }
    if (h.channel.isActive()) {
      assertTrue(LIVE.contains(h.handler.state()), why + ": open in state " + h.handler.state());
    } else if (!h.output.isEmpty()) {
      char last = h.output.get(h.output.size() - 1).type();
      assertTrue(last == 'E' || last == 'Z' || last == 'N', why + ": closed after '" + last + "'");
    }
    h.channel.close();
    h.channel.runPendingTasks();
    Backend.read(h.channel);
    assertFalse(h.channel.finish(), why + ": something was left in the pipeline");
    // The decoder may keep a partial frame until the connection closes, never after.
    for (ByteBuf in : h.inputs) {
      assertEquals(0, in.refCnt(), why + ": an input buffer was not released");
    }
  }

  /** Splits {@code bytes} into pieces of random size, as reads from a socket would. */
  private static void feedInPieces(Harness h, byte[] bytes, Random random) {
    int i = 0;
    while (i < bytes.length && h.channel.isActive()) {
      int n = Math.min(bytes.length - i, 1 + random.nextInt(random.nextBoolean() ? 4 : 64));
      h.feed(Unpooled.copiedBuffer(bytes, i, n));
      i += n;
    }
  }

  private static byte[] randomBytes(Random random, int max) {
    byte[] b = new byte[random.nextInt(max)];
    random.nextBytes(b);
    return b;
  }

  /** A typed message with a random body, and sometimes a length that lies. */
  private static byte[] randomMessage(Random random) {
    char type = TYPES.charAt(random.nextInt(TYPES.length()));
    byte[] body = randomBytes(random, 48);
    int length = 4 + body.length;
    switch (random.nextInt(6)) {
      case 0 -> length = random.nextInt();
      case 1 -> length += random.nextInt(9) - 4;
      default -> {
        // truthful
      }
    }
    ByteBuf b = Unpooled.buffer().writeByte(type).writeInt(length).writeBytes(body);
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    b.release();
    return out;
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteBuf all = Unpooled.buffer();
    parts.forEach(all::writeBytes);
    byte[] out = new byte[all.readableBytes()];
    all.readBytes(out);
    all.release();
    return out;
  }

  private static byte[] bytesOf(ByteBuf b) {
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    b.release();
    return out;
  }

  @Test
  void randomBytesBeforeStartupNeverEscapeThePipeline() {
    for (long seed = 0; seed < 1500; seed++) {
      Random random = new Random(seed);
      Harness h = new Harness();
      List<byte[]> parts = new ArrayList<>();
      if (random.nextBoolean()) {
        parts.add(bytesOf(random.nextBoolean() ? Frontend.sslRequest() : Frontend.gssEncRequest()));
      }
      parts.add(randomBytes(random, 96));
      feedInPieces(h, concat(parts), random);
      check(h, seed);
    }
  }

  @Test
  void randomMessagesAfterStartupNeverEscapeThePipeline() {
    for (long seed = 10_000; seed < 11_500; seed++) {
      Random random = new Random(seed);
      Harness h = new Harness();
      List<byte[]> parts = new ArrayList<>();
      parts.add(bytesOf(Frontend.startup(Map.of("user", "app", "database", "acme"))));
      for (int i = random.nextInt(6); i >= 0; i--) {
        parts.add(randomMessage(random));
      }
      feedInPieces(h, concat(parts), random);
      check(h, seed);
    }
  }

  @Test
  void randomMessagesInAnOpenSessionNeverEscapeThePipeline() {
    for (long seed = 20_000; seed < 20_200; seed++) {
      Random random = new Random(seed);
      Harness h = new Harness();
      h.signIn();
      List<byte[]> parts = new ArrayList<>();
      for (int i = random.nextInt(12); i >= 0; i--) {
        parts.add(
            random.nextInt(4) == 0
                ? bytesOf(
                    Frontend.query(new String(randomBytes(random, 24), StandardCharsets.UTF_8)))
                : randomMessage(random));
      }
      feedInPieces(h, concat(parts), random);
      check(h, seed);
    }
  }
}
