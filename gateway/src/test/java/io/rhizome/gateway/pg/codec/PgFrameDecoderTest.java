/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.rhizome.gateway.pg.codec.FrontendMessage.AuthenticationResponse;
import io.rhizome.gateway.pg.codec.FrontendMessage.CancelRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.GssEncRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.Parse;
import io.rhizome.gateway.pg.codec.FrontendMessage.Query;
import io.rhizome.gateway.pg.codec.FrontendMessage.SslRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.StartupMessage;
import io.rhizome.gateway.pg.codec.FrontendMessage.Sync;
import io.rhizome.gateway.pg.codec.FrontendMessage.Terminate;
import io.rhizome.gateway.wire.Frontend;
import io.rhizome.proto.SqlState;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PgFrameDecoderTest {
  private static final int MAX = 1024;
  private final EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(MAX));

  @AfterEach
  void noLeftovers() {
    assertFalse(channel.finish(), "no message or buffer may be left behind");
  }

  private void afterStartup() {
    channel.writeInbound(Frontend.startup(Map.of("user", "u")));
    assertEquals(StartupMessage.class, channel.readInbound().getClass());
  }

  /** Feeds bytes one at a time, as the slowest network would. */
  private void feedByteByByte(ByteBuf bytes) {
    while (bytes.isReadable()) {
      channel.writeInbound(bytes.readRetainedSlice(1));
    }
    bytes.release();
  }

  private static PgException violation(Runnable r) {
    DecoderException e = assertThrows(DecoderException.class, r::run);
    return (PgException) e.getCause();
  }

  @Test
  void decodesStartupMessageWithParametersInOrder() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("user", "app");
    params.put("database", "acme");
    params.put("application_name", "psql");
    channel.writeInbound(Frontend.startup(params));
    StartupMessage m = channel.readInbound();
    assertEquals(3, m.majorVersion());
    assertEquals(0, m.minorVersion());
    assertEquals(params, m.parameters());
    assertEquals(
        java.util.List.of("user", "database", "application_name"),
        java.util.List.copyOf(m.parameters().keySet()));
  }

  @Test
  void decodesStartupFedOneByteAtATime() {
    feedByteByByte(Frontend.startup(Map.of("user", "app", "database", "acme")));
    StartupMessage m = channel.readInbound();
    assertEquals("acme", m.parameters().get("database"));
    assertNull(channel.readInbound());
  }

  @Test
  void decodesSslGssAndCancelRequestsBeforeStartup() {
    channel.writeInbound(Frontend.sslRequest());
    channel.writeInbound(Frontend.gssEncRequest());
    channel.writeInbound(Frontend.cancelRequest(42, -7));
    assertEquals(new SslRequest(), channel.readInbound());
    assertEquals(new GssEncRequest(), channel.readInbound());
    assertEquals(new CancelRequest(42, -7), channel.readInbound());
  }

  @Test
  void staysInStartupPhaseAfterSslRequest() {
    channel.writeInbound(Frontend.sslRequest());
    channel.writeInbound(Frontend.startup(Map.of("user", "u")));
    assertEquals(new SslRequest(), channel.readInbound());
    assertEquals(StartupMessage.class, channel.readInbound().getClass());
  }

  @Test
  void decodesRegularMessagesFedOneByteAtATime() {
    afterStartup();
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf b :
        new ByteBuf[] {
          Frontend.query("SELECT 'é';"),
          Frontend.sync(),
          Frontend.parse("SELECT 1"),
          Frontend.saslResponse(new byte[] {1, 2, 3}),
          Frontend.terminate()
        }) {
      all.writeBytes(b);
      b.release();
    }
    feedByteByByte(all);
    assertEquals(new Query("SELECT 'é';"), channel.readInbound());
    assertEquals(new Sync(), channel.readInbound());
    assertEquals(new Parse("", "SELECT 1", java.util.List.of()), channel.readInbound());
    assertEquals(new AuthenticationResponse(new byte[] {1, 2, 3}), channel.readInbound());
    assertEquals(new Terminate(), channel.readInbound());
  }

  @Test
  void rejectsOversizedMessageFromItsHeaderAlone() {
    afterStartup();
    ByteBuf header = Unpooled.buffer().writeByte('Q').writeInt(MAX + 1);
    PgException e = violation(() -> channel.writeInbound(header));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state());
    assertEquals(Severity.FATAL, e.error().severity());
  }

  @Test
  void acceptsMessageOfExactlyTheMaximumLength() {
    afterStartup();
    String sql = "x".repeat(MAX - 5);
    channel.writeInbound(Frontend.query(sql));
    assertEquals(new Query(sql), channel.readInbound());
  }

  @Test
  void beforeAuthenticationAMessageIsBoundByTheAuthTokenLimit() {
    int big = PgFrameDecoder.MAX_UNAUTHENTICATED_MESSAGE * 4;
    EmbeddedChannel unauthenticated = new EmbeddedChannel(new PgFrameDecoder(big));
    unauthenticated.writeInbound(Frontend.startup(Map.of("user", "u")));
    unauthenticated.readInbound();
    ByteBuf header =
        Unpooled.buffer().writeByte('p').writeInt(PgFrameDecoder.MAX_UNAUTHENTICATED_MESSAGE + 1);
    DecoderException e =
        assertThrows(DecoderException.class, () -> unauthenticated.writeInbound(header));
    assertEquals(
        "message length 65536 exceeds the limit of 65535 bytes before authentication",
        e.getCause().getMessage());
    assertFalse(unauthenticated.finish());
  }

  @Test
  void afterAuthenticationTheConfiguredLimitApplies() {
    int big = PgFrameDecoder.MAX_UNAUTHENTICATED_MESSAGE * 4;
    PgFrameDecoder decoder = new PgFrameDecoder(big);
    EmbeddedChannel authenticated = new EmbeddedChannel(decoder);
    authenticated.writeInbound(Frontend.startup(Map.of("user", "u")));
    authenticated.readInbound();
    decoder.authenticated();
    String sql = "x".repeat(big - 5);
    authenticated.writeInbound(Frontend.query(sql));
    assertEquals(new Query(sql), authenticated.readInbound());
    assertFalse(authenticated.finish());
  }

  @Test
  void discardsEverythingAfterAViolation() {
    afterStartup();
    violation(() -> channel.writeInbound(Unpooled.buffer().writeByte('Q').writeInt(2)));
    channel.writeInbound(Frontend.sync());
    assertNull(channel.readInbound());
  }

  @Test
  void rejectsUnsupportedProtocolVersionWithFeatureNotSupported() {
    PgException e = violation(() -> channel.writeInbound(Frontend.startup(2, 0, Map.of())));
    assertEquals(SqlState.FEATURE_NOT_SUPPORTED, e.error().state());
  }

  @Test
  void rejectsTooLongStartupPacket() {
    ByteBuf header = Unpooled.buffer().writeInt(PgFrameDecoder.MAX_STARTUP_PACKET + 1);
    assertEquals(
        SqlState.PROTOCOL_VIOLATION, violation(() -> channel.writeInbound(header)).error().state());
  }

  @Test
  void rejectsTooShortStartupPacket() {
    ByteBuf header = Unpooled.buffer().writeInt(4);
    assertEquals(
        SqlState.PROTOCOL_VIOLATION, violation(() -> channel.writeInbound(header)).error().state());
  }

  @Test
  void rejectsStartupParameterWithoutTerminator() {
    ByteBuf body = Unpooled.buffer().writeInt(3 << 16);
    body.writeBytes("user".getBytes(StandardCharsets.UTF_8)); // no NUL, no final terminator
    ByteBuf packet = Unpooled.buffer().writeInt(4 + body.readableBytes()).writeBytes(body);
    body.release();
    assertEquals(
        SqlState.PROTOCOL_VIOLATION, violation(() -> channel.writeInbound(packet)).error().state());
  }

  @Test
  void rejectsSslRequestWithExtraBytes() {
    ByteBuf packet = Unpooled.buffer().writeInt(12).writeInt(80877103).writeInt(0);
    assertEquals(
        SqlState.PROTOCOL_VIOLATION, violation(() -> channel.writeInbound(packet)).error().state());
  }

  @Test
  void rejectsQueryWithoutNulTerminator() {
    afterStartup();
    ByteBuf body = Unpooled.copiedBuffer("SELECT 1", StandardCharsets.UTF_8);
    PgException e = violation(() -> channel.writeInbound(Frontend.typed('Q', body)));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state());
  }

  @Test
  void rejectsInvalidUtf8InQuery() {
    afterStartup();
    ByteBuf body = Unpooled.buffer().writeBytes(new byte[] {'S', (byte) 0xC3, (byte) 0x28, 0});
    PgException e = violation(() -> channel.writeInbound(Frontend.typed('Q', body)));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state());
  }

  @Test
  void decodesEmptyAsciiAndMultiByteStringsAlike() {
    // Empty and ASCII strings take a fast path; the rest goes through the strict decoder.
    afterStartup();
    for (String text : List.of("", "SELECT 1", "SELECT 'grüße ✓ 𝄞'", "\u007f")) {
      ByteBuf body =
          Unpooled.buffer().writeBytes(text.getBytes(StandardCharsets.UTF_8)).writeByte(0);
      channel.writeInbound(Frontend.typed('Q', body));
      assertEquals(new FrontendMessage.Query(text), channel.readInbound(), text);
    }
    ByteBuf invalid = Unpooled.buffer().writeBytes(new byte[] {'a', 'b', (byte) 0x80, 0});
    PgException e = violation(() -> channel.writeInbound(Frontend.typed('Q', invalid)));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state(), "a lone continuation byte");
  }

  @Test
  void rejectsBytesAfterTheQueryString() {
    afterStartup();
    ByteBuf body = Unpooled.buffer().writeBytes(new byte[] {'x', 0, 'y'});
    assertEquals(
        SqlState.PROTOCOL_VIOLATION,
        violation(() -> channel.writeInbound(Frontend.typed('Q', body))).error().state());
  }

  @Test
  void rejectsUnknownMessageType() {
    afterStartup();
    assertEquals(
        SqlState.PROTOCOL_VIOLATION,
        violation(() -> channel.writeInbound(Frontend.typed('!', Unpooled.EMPTY_BUFFER)))
            .error()
            .state());
  }

  @Test
  void parsesSaslInitialResponse() {
    ByteBuf body = Unpooled.buffer();
    Frontend.cstring(body, "SCRAM-SHA-256");
    body.writeInt(3).writeBytes(new byte[] {'n', ',', ','});
    byte[] bytes = new byte[body.readableBytes()];
    body.readBytes(bytes);
    body.release();
    SaslInitialResponse r = SaslInitialResponse.parse(bytes);
    assertEquals("SCRAM-SHA-256", r.mechanism());
    assertArrayEquals(new byte[] {'n', ',', ','}, r.data());
  }

  @Test
  void rejectsSaslInitialResponseWithWrongLength() {
    ByteBuf body = Unpooled.buffer();
    Frontend.cstring(body, "SCRAM-SHA-256");
    body.writeInt(10).writeBytes(new byte[] {'n'});
    byte[] bytes = new byte[body.readableBytes()];
    body.readBytes(bytes);
    body.release();
    PgException e = assertThrows(PgException.class, () -> SaslInitialResponse.parse(bytes));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state());
  }
}
