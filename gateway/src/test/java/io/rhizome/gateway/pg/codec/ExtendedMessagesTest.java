/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.rhizome.gateway.pg.codec.FrontendMessage.Bind;
import io.rhizome.gateway.pg.codec.FrontendMessage.Close;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyData;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyDone;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyFail;
import io.rhizome.gateway.pg.codec.FrontendMessage.Describe;
import io.rhizome.gateway.pg.codec.FrontendMessage.Execute;
import io.rhizome.gateway.pg.codec.FrontendMessage.Flush;
import io.rhizome.gateway.pg.codec.FrontendMessage.Parse;
import io.rhizome.gateway.pg.codec.FrontendMessage.StartupMessage;
import io.rhizome.gateway.pg.codec.FrontendMessage.Sync;
import io.rhizome.gateway.pg.codec.FrontendMessage.Target;
import io.rhizome.gateway.wire.Frontend;
import io.rhizome.proto.SqlState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The messages of the extended query protocol, decoded from exact bytes. */
class ExtendedMessagesTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(1024));

  @BeforeEach
  void afterStartup() {
    channel.writeInbound(Frontend.startup(Map.of("user", "u")));
    assertEquals(StartupMessage.class, channel.readInbound().getClass());
  }

  @AfterEach
  void noLeftovers() {
    assertFalse(channel.finish(), "no message or buffer may be left behind");
  }

  /** Feeds the hex bytes one at a time and returns the one message they make. */
  private FrontendMessage decodeByteByByte(String hex) {
    ByteBuf bytes = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    while (bytes.isReadable()) {
      channel.writeInbound(bytes.readRetainedSlice(1));
    }
    bytes.release();
    FrontendMessage m = channel.readInbound();
    assertNull(channel.readInbound(), "exactly one message");
    return m;
  }

  private PgException malformed(String hex) {
    DecoderException e =
        assertThrows(
            DecoderException.class,
            () -> channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex))));
    PgException pg = (PgException) e.getCause();
    assertEquals(SqlState.PROTOCOL_VIOLATION, pg.error().state());
    assertEquals(Severity.FATAL, pg.error().severity());
    return pg;
  }

  @Test
  void decodesCopyDataDoneAndFail() {
    // 'd', len 4+3, "a\tb"
    CopyData data = (CopyData) decodeByteByByte("6400000007" + "610962");
    assertEquals("a\tb", new String(data.data(), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(0, ((CopyData) decodeByteByByte("6400000004")).data().length);
    assertEquals(new CopyDone(), decodeByteByByte("6300000004"));
    // 'f', len 4+5, "oops\0"
    assertEquals(new CopyFail("oops"), decodeByteByByte("6600000009" + "6f6f707300"));
  }

  @Test
  void rejectsCopyDoneWithABody() {
    malformed("6300000005" + "00");
  }

  @Test
  void rejectsCopyFailWithoutItsTerminator() {
    malformed("6600000008" + "6f6f7073");
  }

  @Test
  void decodesParseWithParameterTypes() {
    // 'P', len 4+3+10+2+8, "s1\0", "SELECT $1\0", 2 types: int4, unspecified
    assertEquals(
        new Parse("s1", "SELECT $1", List.of(23, 0)),
        decodeByteByByte(
            "50"
                + "0000001b"
                + "733100"
                + "53454c454354202431"
                + "00"
                + "0002"
                + "00000017"
                + "00000000"));
  }

  @Test
  void decodesBindWithFormatsNullAndBinaryValues() {
    // 'B', portal "p\0", statement "\0", 2 parameter formats (binary, text),
    // 3 values: 4 bytes, NULL, "ab"; 1 result format (binary)
    Bind bind =
        (Bind)
            decodeByteByByte(
                "42"
                    + "00000025"
                    + "7000"
                    + "00"
                    + "0002"
                    + "0001"
                    + "0000"
                    + "0003"
                    + "00000004"
                    + "0000002a"
                    + "ffffffff"
                    + "00000002"
                    + "6162"
                    + "0001"
                    + "0001");
    assertEquals("p", bind.portal());
    assertEquals("", bind.statement());
    assertEquals(List.of(1, 0), bind.parameterFormats());
    assertEquals(
        Arrays.asList(
            ByteString.copyFrom(new byte[] {0, 0, 0, 42}), null, ByteString.copyFromUtf8("ab")),
        bind.values());
    assertEquals(List.of(1), bind.resultFormats());
    assertEquals("Bind[p, , 3 values]", bind.toString(), "values never show");
  }

  @Test
  void decodesDescribeExecuteAndCloseOfBothTargets() {
    assertEquals(
        new Describe(Target.STATEMENT, "s1"),
        decodeByteByByte("44" + "00000008" + "53" + "733100"));
    assertEquals(
        new Describe(Target.PORTAL, ""), decodeByteByByte("44" + "00000006" + "50" + "00"));
    assertEquals(
        new Execute("c1", 100), decodeByteByByte("45" + "0000000b" + "633100" + "00000064"));
    assertEquals(
        new Close(Target.STATEMENT, "s1"), decodeByteByByte("43" + "00000008" + "53" + "733100"));
    assertEquals(new Close(Target.PORTAL, ""), decodeByteByByte("43" + "00000006" + "50" + "00"));
    assertEquals(new Flush(), decodeByteByByte("48" + "00000004"));
    assertEquals(new Sync(), decodeByteByByte("53" + "00000004"));
  }

  @Test
  void decodesAPipelineFedOneByteAtATime() {
    ByteBuf all =
        Frontend.concat(
            Frontend.parse("", "SELECT 1"),
            Frontend.bind(""),
            Frontend.describe('P', ""),
            Frontend.execute("", 0),
            Frontend.sync());
    while (all.isReadable()) {
      channel.writeInbound(all.readRetainedSlice(1));
    }
    all.release();
    assertEquals(new Parse("", "SELECT 1", List.of()), channel.readInbound());
    assertEquals(Bind.class, channel.readInbound().getClass());
    assertEquals(new Describe(Target.PORTAL, ""), channel.readInbound());
    assertEquals(new Execute("", 0), channel.readInbound());
    assertEquals(new Sync(), channel.readInbound());
  }

  @Test
  void rejectsABindValueLongerThanItsMessage() {
    // one value claiming 16 bytes with 2 present
    malformed("42" + "00000012" + "00" + "00" + "0000" + "0001" + "00000010" + "6162" + "0000");
  }

  @Test
  void rejectsANegativeBindValueLengthOtherThanNull() {
    malformed("42" + "00000010" + "00" + "00" + "0000" + "0001" + "fffffffe" + "0000");
  }

  @Test
  void rejectsAnUnknownDescribeTarget() {
    malformed("44" + "00000006" + "58" + "00");
  }

  @Test
  void rejectsTrailingBytesAfterExecute() {
    malformed("45" + "0000000a" + "00" + "00000000" + "ff");
  }

  @Test
  void rejectsATruncatedParse() {
    // claims two parameter types, carries one
    malformed("50" + "0000000d" + "00" + "7800" + "0002" + "00000017");
  }
}
