/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.proto.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import io.rhizome.proto.Open;
import io.rhizome.proto.Ready;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SessionResponses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  @BeforeAll
  static void paranoid() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  private static SessionRequest open(String tenant) {
    return SessionRequest.newBuilder().setOpen(Open.newBuilder().setTenant(tenant)).build();
  }

  private static ByteBuf concat(ByteBuf... parts) {
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf part : parts) {
      all.writeBytes(part);
      part.release();
    }
    return all;
  }

  @Test
  void decodesEveryKindFedOneByteAtATime() throws Exception {
    ByteBuf wire =
        concat(
            Frames.hello(ALLOC),
            Frames.message(ALLOC, 7, FrameKind.REQUEST, open("acme")),
            Frames.credit(ALLOC, 7, 3),
            Frames.halfClose(ALLOC, 7),
            Frames.cancel(ALLOC, 9, "client session closed"),
            Frames.end(ALLOC, 11, 14, "node shutting down"));
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
    while (wire.isReadable()) {
      channel.writeInbound(wire.readRetainedSlice(1));
    }
    wire.release();

    Frame request = channel.readInbound();
    assertEquals(7, request.stream());
    assertEquals(FrameKind.REQUEST, request.kind());
    assertEquals(open("acme"), SessionRequest.parseFrom(request.payload().nioBuffer()));
    request.release();
    Frame credit = channel.readInbound();
    assertEquals(FrameKind.CREDIT, credit.kind());
    assertEquals(3, Frames.creditOf(credit.payload()));
    credit.release();
    Frame halfClose = channel.readInbound();
    assertEquals(FrameKind.HALF_CLOSE, halfClose.kind());
    assertEquals(0, halfClose.payload().readableBytes());
    halfClose.release();
    Frame cancel = channel.readInbound();
    assertEquals(9, cancel.stream());
    assertEquals("client session closed", Frames.textOf(cancel.payload(), 0));
    cancel.release();
    Frame end = channel.readInbound();
    assertEquals(11, end.stream());
    assertEquals(14, Frames.endCodeOf(end.payload()));
    assertEquals("node shutting down", Frames.endTextOf(end.payload()));
    assertEquals(0, Frames.endResponsesOf(end.payload()).readableBytes());
    end.release();
    assertNull(channel.readInbound());
    assertFalse(channel.finish());
  }

  @Test
  void anEndCarriesTheAnswersThatWaitedForCredit() throws Exception {
    SessionResponses first =
        SessionResponses.newBuilder()
            .addResponses(SessionResponse.newBuilder().setReady(Ready.getDefaultInstance()))
            .build();
    SessionResponses second =
        SessionResponses.newBuilder()
            .addResponses(
                SessionResponse.newBuilder()
                    .setError(io.rhizome.proto.Error.newBuilder().setSqlstate("57P01")))
            .build();
    ByteBuf end =
        Frames.end(
            ALLOC,
            3,
            0,
            "",
            java.util.List.of(
                Frames.message(ALLOC, 3, FrameKind.RESPONSES, first),
                Frames.message(ALLOC, 3, FrameKind.RESPONSES, second)));
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
    channel.writeInbound(Frames.hello(ALLOC), end);
    Frame frame = channel.readInbound();
    assertEquals(FrameKind.END, frame.kind());
    assertEquals("", Frames.endTextOf(frame.payload()));
    assertEquals(
        first.toBuilder().addAllResponses(second.getResponsesList()).build(),
        SessionResponses.parseFrom(Frames.endResponsesOf(frame.payload()).nioBuffer()));
    frame.release();
    assertFalse(channel.finish());
  }

  @Test
  void refusesAnEndWhoseTextOverrunsIt() {
    ByteBuf payload = Unpooled.buffer().writeInt(0).writeInt(100).writeByte('x');
    assertThrows(FrameException.class, () -> Frames.endTextOf(payload));
  }

  @Test
  void refusesAFrameLongerThanTheLimitBeforeBufferingIt() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(16));
    channel.writeInbound(Frames.hello(ALLOC));
    // Only the header of a frame announcing 17 bytes of payload: refused at once.
    ByteBuf header = Unpooled.buffer().writeInt(5 + 17).writeInt(1).writeByte(1);
    FrameException e = assertThrows(FrameException.class, () -> channel.writeInbound(header));
    assertEquals("frame of 22 bytes exceeds the limit of 21", e.getMessage());
    // Whatever follows is discarded, not decoded.
    channel.writeInbound(Frames.halfClose(ALLOC, 1));
    assertNull(channel.readInbound());
    assertFalse(channel.finish());
  }

  @Test
  void acceptsAFrameOfExactlyTheLimit() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(4));
    channel.writeInbound(Frames.hello(ALLOC), Frames.credit(ALLOC, 1, 1));
    Frame credit = channel.readInbound();
    assertEquals(1, Frames.creditOf(credit.payload()));
    credit.release();
    assertFalse(channel.finish());
  }

  @Test
  void refusesAnotherMagic() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(16));
    ByteBuf http =
        Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", java.nio.charset.StandardCharsets.US_ASCII);
    FrameException e = assertThrows(FrameException.class, () -> channel.writeInbound(http));
    assertEquals("not a session-frames peer (magic 47455420)", e.getMessage());
    assertFalse(channel.finish());
  }

  @Test
  void refusesAnotherVersion() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(16));
    ByteBuf hello = Unpooled.buffer().writeInt(Frames.MAGIC).writeInt(Frames.VERSION + 1);
    FrameException e = assertThrows(FrameException.class, () -> channel.writeInbound(hello));
    assertEquals("the peer speaks session frames version 2, this process 1", e.getMessage());
    assertFalse(channel.finish());
  }

  @Test
  void refusesAFrameShorterThanItsHeader() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(16));
    channel.writeInbound(Frames.hello(ALLOC));
    ByteBuf shortFrame = Unpooled.buffer().writeInt(4).writeInt(1);
    FrameException e = assertThrows(FrameException.class, () -> channel.writeInbound(shortFrame));
    assertEquals("frame of 4 bytes is shorter than its header", e.getMessage());
    assertFalse(channel.finish());
  }

  @Test
  void refusesAnUnknownKind() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(16));
    channel.writeInbound(Frames.hello(ALLOC));
    ByteBuf frame = Unpooled.buffer().writeInt(5).writeInt(1).writeByte(42);
    FrameException e = assertThrows(FrameException.class, () -> channel.writeInbound(frame));
    assertEquals("unknown frame kind 42", e.getMessage());
    assertFalse(channel.finish());
  }

  @Test
  void refusesACreditOfZeroOrAMalformedOne() {
    ByteBuf zero = Unpooled.buffer().writeInt(0);
    assertThrows(FrameException.class, () -> Frames.creditOf(zero));
    ByteBuf shortOne = Unpooled.buffer().writeShort(1);
    assertThrows(FrameException.class, () -> Frames.creditOf(shortOne));
  }
}
