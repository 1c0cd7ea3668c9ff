/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.proto.frames;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream of a session-frames connection: first the peer's hello, then {@link Frame}s.
 * Enforces the hello's magic and version and a maximum length on every frame; on a violation it
 * throws a {@link FrameException} once and discards everything after it (the handler closes the
 * connection). Gives frames no meaning: that is the next handler's job.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private final int maxFrameLength;
  private boolean helloSeen;
  private boolean failed;

  /**
   * @param maxPayload the largest payload accepted; a frame announcing a longer one is refused
   *     before any of it is buffered
   */
  public FrameDecoder(int maxPayload) {
    if (maxPayload < 0 || maxPayload > Integer.MAX_VALUE - Frames.HEADER_BYTES) {
      throw new IllegalArgumentException("bad maximum payload " + maxPayload);
    }
    this.maxFrameLength = maxPayload + Frames.HEADER_BYTES - Integer.BYTES;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (!helloSeen) {
      if (in.readableBytes() < Frames.HELLO_BYTES) {
        return;
      }
      int magic = in.readInt();
      int version = in.readInt();
      if (magic != Frames.MAGIC) {
        throw fail(in, "not a session-frames peer (magic " + Integer.toHexString(magic) + ")");
      }
      if (version != Frames.VERSION) {
        throw fail(
            in,
            "the peer speaks session frames version "
                + Integer.toUnsignedString(version)
                + ", this process "
                + Frames.VERSION);
      }
      helloSeen = true;
    }
    while (in.readableBytes() >= Integer.BYTES) {
      long length = in.getUnsignedInt(in.readerIndex());
      if (length > maxFrameLength) {
        throw fail(in, "frame of " + length + " bytes exceeds the limit of " + maxFrameLength);
      }
      if (length < Frames.HEADER_BYTES - Integer.BYTES) {
        throw fail(in, "frame of " + length + " bytes is shorter than its header");
      }
      if (in.readableBytes() < Integer.BYTES + length) {
        return;
      }
      in.skipBytes(Integer.BYTES);
      int stream = in.readInt();
      int code = in.readUnsignedByte();
      FrameKind kind = FrameKind.of(code);
      int payloadLength = (int) length - (Frames.HEADER_BYTES - Integer.BYTES);
      if (kind == null) {
        throw fail(in, "unknown frame kind " + code);
      }
      out.add(new Frame(stream, kind, in.readRetainedSlice(payloadLength)));
    }
  }

  private FrameException fail(ByteBuf in, String message) {
    failed = true;
    in.skipBytes(in.readableBytes());
    return new FrameException(message);
  }
}
