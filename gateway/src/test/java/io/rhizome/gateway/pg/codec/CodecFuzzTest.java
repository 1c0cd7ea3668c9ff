/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;

/**
 * Jazzer targets for the Postgres framing: any bytes into the frame decoder and into the startup
 * packet parser. Bad input may only end in a {@link PgException} (the session answers it and
 * closes); anything else, a buffer left unreleased, or a frame larger than the limits is a bug. The
 * committed inputs under {@code src/test/resources/.../CodecFuzzTestInputs} run as regression tests
 * in every build; {@code docs/security.md} shows how to fuzz for longer.
 */
class CodecFuzzTest {
  private static final int MAX_MESSAGE = 4096;

  @FuzzTest(maxDuration = "2m")
  void frameDecoder(@NotNull byte[] input) {
    PgFrameDecoder decoder = new PgFrameDecoder(MAX_MESSAGE);
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    try {
      // Split the input where its first byte says, so partial frames are exercised too.
      int cut = input.length == 0 ? 0 : (input[0] & 0xff) % (input.length + 1);
      feed(channel, input, 0, cut);
      if (input.length > 0 && (input[0] & 1) == 1) {
        decoder.authenticated();
      }
      feed(channel, input, cut, input.length);
    } catch (DecoderException e) {
      if (!(e.getCause() instanceof PgException)) {
        throw e;
      }
    } finally {
      Object out;
      while ((out = channel.readInbound()) != null) {
        ReferenceCountUtil.release(out);
      }
      channel.finishAndReleaseAll();
    }
  }

  @FuzzTest(maxDuration = "2m")
  void startupPacket(@NotNull byte[] input) {
    ByteBuf body = Unpooled.wrappedBuffer(input);
    try {
      FrontendMessages.startup(3, 0, body);
    } catch (PgException expected) {
      // a malformed packet: the session answers 08P01
    } finally {
      assertFalse(body.refCnt() == 0 && input.length > 0, "the parser must not release input");
      body.release();
    }
  }

  @FuzzTest(maxDuration = "2m")
  void frontendMessage(@NotNull byte[] input) {
    if (input.length == 0) {
      return;
    }
    ByteBuf body = Unpooled.wrappedBuffer(input, 1, input.length - 1);
    try {
      FrontendMessages.decode((char) (input[0] & 0xff), body);
    } catch (PgException expected) {
      // malformed message: 08P01
    } finally {
      body.release();
    }
  }

  private static void feed(EmbeddedChannel channel, byte[] input, int from, int to) {
    if (to > from) {
      channel.writeInbound(Unpooled.wrappedBuffer(input, from, to - from));
    }
  }
}
