/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A 'p' message answering AuthenticationCleartextPassword or AuthenticationMD5Password: one
 * NUL-terminated string filling the frame (the password, or "md5" and 32 hex digits).
 *
 * <pre>
 * String password NUL
 * </pre>
 */
public record PasswordMessage(String password) {

  /**
   * Parses the body of an {@link FrontendMessage.AuthenticationResponse}.
   *
   * @throws PgException 08P01 when the string is unterminated, not UTF-8, or does not fill the body
   *     (as Postgres' "invalid password packet size")
   */
  public static PasswordMessage parse(byte[] body) {
    ByteBuf buf = Unpooled.wrappedBuffer(body);
    String password = PgStrings.readCString(buf);
    if (buf.isReadable()) {
      throw PgException.protocolViolation("invalid password packet size");
    }
    return new PasswordMessage(password);
  }

  @Override
  public String toString() {
    // never print credentials
    return "PasswordMessage[" + password.length() + " chars]";
  }
}
