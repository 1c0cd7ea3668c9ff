/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.netty.channel.ChannelHandlerContext;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.tls.ServerTls;

/**
 * The encryption negotiation before the startup packet. An SSLRequest is answered 'S' when the
 * gateway has a certificate, and the TLS handler then goes first in the pipeline, ahead of the
 * frame decoder, so everything after the handshake is decrypted before it is framed; otherwise 'N'
 * and the client goes on in plain text (or gives up, if it insists on TLS). GSSENCRequest is always
 * 'N'. Each request may come once (libpq sends GSSENCRequest, then SSLRequest).
 *
 * <p>Plain text that arrived together with a request is refused by the frame decoder before this
 * class ever sees the request.
 */
final class Encryption {
  static final String TLS_HANDLER = "tls";

  private final ServerTls tls;
  private boolean sslRequested;
  private boolean gssRequested;
  private boolean encrypted;

  /**
   * @param tls the server's TLS, or null when no certificate is configured
   */
  Encryption(ServerTls tls) {
    this.tls = tls;
  }

  void onSslRequest(ChannelHandlerContext ctx) {
    if (sslRequested) {
      throw PgException.protocolViolation("duplicate SSL request");
    }
    sslRequested = true;
    if (tls == null) {
      ctx.writeAndFlush(BackendMessages.encryptionRefused());
      return;
    }
    // 'S' leaves in plain text (it is written through the pipeline before the TLS handler
    // exists); the client's next bytes are its ClientHello.
    ctx.writeAndFlush(BackendMessages.encryptionAccepted());
    ctx.pipeline().addFirst(TLS_HANDLER, tls.newHandler(ctx.alloc()));
    encrypted = true;
  }

  void onGssEncRequest(ChannelHandlerContext ctx) {
    if (gssRequested) {
      throw PgException.protocolViolation("duplicate GSSAPI encryption request");
    }
    gssRequested = true;
    ctx.writeAndFlush(BackendMessages.encryptionRefused());
  }

  /** Whether the connection runs over TLS from here on. */
  boolean encrypted() {
    return encrypted;
  }
}
