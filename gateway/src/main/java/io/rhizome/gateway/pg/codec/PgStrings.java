/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads NUL-terminated UTF-8 strings from a frame, strictly: no terminator or bad UTF-8 is 08P01.
 */
final class PgStrings {
  private PgStrings() {}

  /**
   * Reads one C string and moves past its terminator; never reads beyond {@code frame}.
   *
   * <p>Most strings of a query's messages are statement and portal names, often empty, nearly
   * always ASCII: those skip the strict decoder (a new {@code CharsetDecoder} and buffer per string
   * was 1.2% of a point query); ASCII is valid UTF-8 as it is.
   */
  static String readCString(ByteBuf frame) {
    int length = frame.bytesBefore((byte) 0);
    if (length < 0) {
      throw PgException.protocolViolation("invalid string in message: missing terminator");
    }
    int start = frame.readerIndex();
    String s;
    if (length == 0) {
      s = "";
    } else if (ByteBufUtil.isText(frame, start, length, StandardCharsets.US_ASCII)) {
      s = frame.toString(start, length, StandardCharsets.US_ASCII);
    } else {
      s = decodeUtf8(frame.nioBuffer(start, length));
    }
    frame.skipBytes(length + 1);
    return s;
  }

  /** Decodes strict UTF-8 (the only client_encoding Rhizome accepts). */
  static String decodeUtf8(ByteBuffer bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw PgException.protocolViolation("invalid byte sequence for encoding \"UTF8\"");
    }
  }
}
