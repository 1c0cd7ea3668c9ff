/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.proto.frames;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes the hello and each kind of frame (see the package comment for the layout). */
public final class Frames {
  /** "RHZF". */
  static final int MAGIC = 0x52485A46;

  /** Bumped on any incompatible change; both sides must speak the same one. */
  static final int VERSION = 1;

  static final int HELLO_BYTES = 8;

  /** length, stream, kind. */
  static final int HEADER_BYTES = 4 + 4 + 1;

  /** Reasons and descriptions are cut to this many bytes: they are for logs and error messages. */
  static final int MAX_TEXT_BYTES = 1024;

  private Frames() {}

  /** This process's hello: the first bytes it sends on a connection. */
  public static ByteBuf hello(ByteBufAllocator alloc) {
    return alloc.buffer(HELLO_BYTES).writeInt(MAGIC).writeInt(VERSION);
  }

  /** A REQUEST or RESPONSES frame holding {@code message}. */
  public static ByteBuf message(
      ByteBufAllocator alloc, int stream, FrameKind kind, MessageLite message) {
    int size = message.getSerializedSize();
    ByteBuf buf = header(alloc, stream, kind, size);
    int at = buf.writerIndex();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(buf.nioBuffer(at, size));
      message.writeTo(out);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      buf.release();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
    return buf.writerIndex(at + size);
  }

  /** A CREDIT frame: the peer may send {@code n} more messages on {@code stream}. */
  public static ByteBuf credit(ByteBufAllocator alloc, int stream, int n) {
    return header(alloc, stream, FrameKind.CREDIT, Integer.BYTES).writeInt(n);
  }

  /** A HALF_CLOSE frame. */
  public static ByteBuf halfClose(ByteBufAllocator alloc, int stream) {
    return header(alloc, stream, FrameKind.HALF_CLOSE, 0);
  }

  /** A CANCEL frame with why the stream is abandoned. */
  public static ByteBuf cancel(ByteBufAllocator alloc, int stream, String reason) {
    byte[] text = text(reason);
    return header(alloc, stream, FrameKind.CANCEL, text.length).writeBytes(text);
  }

  /**
   * An END frame: the stream's status code (gRPC's numbering), its description, and the stream's
   * last answers ({@code last}: RESPONSES frames, released here; may be empty), which an end does
   * not hold back for credit.
   */
  public static ByteBuf end(
      ByteBufAllocator alloc, int stream, int code, String description, Iterable<ByteBuf> last) {
    byte[] text = text(description);
    int tail = 0;
    for (ByteBuf frame : last) {
      tail += frame.readableBytes() - HEADER_BYTES;
    }
    ByteBuf buf =
        header(alloc, stream, FrameKind.END, 2 * Integer.BYTES + text.length + tail)
            .writeInt(code)
            .writeInt(text.length)
            .writeBytes(text);
    for (ByteBuf frame : last) {
      // Serialized messages concatenate: two SessionResponses are one with both lists.
      buf.writeBytes(
          frame, frame.readerIndex() + HEADER_BYTES, frame.readableBytes() - HEADER_BYTES);
      frame.release();
    }
    return buf;
  }

  /** An END frame without answers. */
  public static ByteBuf end(ByteBufAllocator alloc, int stream, int code, String description) {
    return end(alloc, stream, code, description, java.util.List.of());
  }

  /** The n of a CREDIT frame's payload. */
  public static int creditOf(ByteBuf payload) {
    if (payload.readableBytes() != Integer.BYTES) {
      throw new FrameException("a credit frame of " + payload.readableBytes() + " bytes");
    }
    int n = payload.getInt(payload.readerIndex());
    if (n <= 0) {
      throw new FrameException("a credit of " + Integer.toUnsignedString(n));
    }
    return n;
  }

  /** The status code of an END frame's payload. */
  public static int endCodeOf(ByteBuf payload) {
    textLengthOf(payload);
    return payload.getInt(payload.readerIndex());
  }

  /** The description of an END frame's payload. */
  public static String endTextOf(ByteBuf payload) {
    int length = textLengthOf(payload);
    return payload.toString(
        payload.readerIndex() + 2 * Integer.BYTES, length, StandardCharsets.UTF_8);
  }

  /** The answers an END frame carries (a serialized SessionResponses, maybe empty). */
  public static ByteBuf endResponsesOf(ByteBuf payload) {
    int skip = 2 * Integer.BYTES + textLengthOf(payload);
    return payload.slice(payload.readerIndex() + skip, payload.readableBytes() - skip);
  }

  private static int textLengthOf(ByteBuf payload) {
    if (payload.readableBytes() < 2 * Integer.BYTES) {
      throw new FrameException("an end frame of " + payload.readableBytes() + " bytes");
    }
    int length = payload.getInt(payload.readerIndex() + Integer.BYTES);
    if (length < 0 || length > payload.readableBytes() - 2 * Integer.BYTES) {
      throw new FrameException("an end frame whose text overruns it");
    }
    return length;
  }

  /** The text of a payload from {@code offset} (a CANCEL frame's reason: offset 0). */
  public static String textOf(ByteBuf payload, int offset) {
    int length = Math.min(payload.readableBytes() - offset, MAX_TEXT_BYTES);
    return length <= 0
        ? ""
        : payload.toString(payload.readerIndex() + offset, length, StandardCharsets.UTF_8);
  }

  private static ByteBuf header(ByteBufAllocator alloc, int stream, FrameKind kind, int payload) {
    return alloc
        .buffer(HEADER_BYTES + payload)
        .writeInt(HEADER_BYTES - Integer.BYTES + payload)
        .writeInt(stream)
        .writeByte(kind.code());
  }

  private static byte[] text(String text) {
    byte[] bytes = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_TEXT_BYTES) {
      return bytes;
    }
    return java.util.Arrays.copyOf(bytes, MAX_TEXT_BYTES);
  }
}
