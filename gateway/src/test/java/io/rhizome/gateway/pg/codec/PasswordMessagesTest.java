/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rhizome.gateway.pg.codec.FrontendMessage.AuthenticationResponse;
import io.rhizome.gateway.pg.codec.FrontendMessage.StartupMessage;
import io.rhizome.gateway.wire.Frontend;
import io.rhizome.proto.SqlState;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The messages of md5 and cleartext password authentication, byte for byte. */
class PasswordMessagesTest {
  private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
  private final EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(1024));

  @AfterEach
  void noLeftovers() {
    assertFalse(channel.finish(), "no message or buffer may be left behind");
  }

  private static String hex(ByteBuf b) {
    try {
      return ByteBufUtil.hexDump(b);
    } finally {
      b.release();
    }
  }

  @Test
  void writesAuthenticationCleartextPassword() {
    // 'R', len 8, code 3
    assertEquals(
        "52" + "00000008" + "00000003", hex(BackendMessages.authenticationCleartextPassword()));
  }

  @Test
  void writesAuthenticationMd5PasswordWithItsSalt() {
    // 'R', len 12, code 5, 4 salt bytes
    assertEquals(
        "52" + "0000000c" + "00000005" + "01ff7f80",
        hex(
            BackendMessages.authenticationMd5Password(
                alloc, new byte[] {1, (byte) 0xff, 0x7f, (byte) 0x80})));
  }

  @Test
  void refusesAnMd5SaltThatIsNotFourBytes() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BackendMessages.authenticationMd5Password(alloc, new byte[3]));
  }

  @Test
  void decodesAPasswordMessageFedOneByteAtATime() {
    channel.writeInbound(Frontend.startup(Map.of("user", "app")));
    assertEquals(StartupMessage.class, channel.readInbound().getClass());
    ByteBuf frame = Frontend.passwordMessage("md5" + "0123456789abcdef0123456789abcdef");
    // 'p', len 4 + 35 + 1
    assertEquals("7000000028", ByteBufUtil.hexDump(frame, 0, 5));
    while (frame.isReadable()) {
      channel.writeInbound(frame.readRetainedSlice(1));
    }
    frame.release();
    AuthenticationResponse response = channel.readInbound();
    PasswordMessage message = PasswordMessage.parse(response.body());
    assertEquals("md50123456789abcdef0123456789abcdef", message.password());
  }

  @Test
  void decodesAUtf8CleartextPassword() {
    byte[] body = "pässword\0".getBytes(StandardCharsets.UTF_8);
    assertEquals("pässword", PasswordMessage.parse(body).password());
  }

  @Test
  void rejectsAPasswordMessageWithBytesAfterTheTerminator() {
    PgException e =
        assertThrows(PgException.class, () -> PasswordMessage.parse(new byte[] {'p', 'w', 0, 'x'}));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state());
    assertEquals("invalid password packet size", e.error().message());
  }

  @Test
  void rejectsAnUnterminatedPasswordMessage() {
    PgException e =
        assertThrows(PgException.class, () -> PasswordMessage.parse(new byte[] {'p', 'w'}));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state());
  }

  @Test
  void neverPrintsThePassword() {
    String printed = PasswordMessage.parse(new byte[] {'s', 'e', 'c', 0}).toString();
    assertFalse(printed.contains("sec"), printed);
  }
}
