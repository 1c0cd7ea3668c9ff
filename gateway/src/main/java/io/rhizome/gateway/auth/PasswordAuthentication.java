/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The server side of one client's password authentication, in whichever method the cluster uses
 * (SCRAM-SHA-256, md5 or cleartext). Every method treats an unknown user like a known one with a
 * wrong password: same messages, the same work, the same 28P01 at the end.
 */
public interface PasswordAuthentication {

  /** The message that asks the client for its credentials (AuthenticationSASL, MD5Password...). */
  ByteBuf request(ByteBufAllocator alloc);

  /**
   * Handles the body of the client's next 'p' message.
   *
   * @throws io.rhizome.gateway.pg.codec.PgException 28P01 for a wrong password or an unknown user,
   *     08P01 for a malformed or unexpected message
   */
  Step respond(ByteBufAllocator alloc, byte[] body);

  /**
   * Whether {@link #respond} does milliseconds of CPU work (a cleartext check runs PBKDF2), so a
   * session calls it off its event loop rather than hold up the loop's other connections.
   */
  default boolean slow() {
    return false;
  }

  /**
   * What to do after a client message.
   *
   * @param message to send to the client now (SASLContinue, SASLFinal), or null for none
   * @param authenticated the client has proven its password: AuthenticationOk follows
   */
  record Step(ByteBuf message, boolean authenticated) {
    static Step next(ByteBuf message) {
      return new Step(message, false);
    }

    static Step done(ByteBuf finalMessage) {
      return new Step(finalMessage, true);
    }
  }
}
