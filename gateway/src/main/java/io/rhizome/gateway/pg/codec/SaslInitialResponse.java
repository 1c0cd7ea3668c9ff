/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * The first 'p' message of a SASL exchange: the chosen mechanism and the client's first message.
 *
 * <pre>
 * String mechanism NUL | Int32 length (-1: none) | Byte[length] client-first-message
 * </pre>
 */
public record SaslInitialResponse(String mechanism, byte[] data) {

  public SaslInitialResponse {
    data = data.clone();
  }

  /** Parses the body of an {@link FrontendMessage.AuthenticationResponse}. */
  public static SaslInitialResponse parse(byte[] body) {
    ByteBuf buf = Unpooled.wrappedBuffer(body);
    String mechanism = PgStrings.readCString(buf);
    if (buf.readableBytes() < 4) {
      throw PgException.protocolViolation("invalid SASLInitialResponse: missing length");
    }
    int length = buf.readInt();
    if (length == -1) {
      length = 0;
    }
    if (length < 0 || length != buf.readableBytes()) {
      throw PgException.protocolViolation("invalid SASLInitialResponse: length mismatch");
    }
    return new SaslInitialResponse(mechanism, ByteBufUtil.getBytes(buf));
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SaslInitialResponse other
        && mechanism.equals(other.mechanism)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * mechanism.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "SaslInitialResponse[" + mechanism + ", " + data.length + " bytes]";
  }
}
