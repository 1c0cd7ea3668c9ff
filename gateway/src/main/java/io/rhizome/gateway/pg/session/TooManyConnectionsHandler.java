/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.FrontendMessage.CancelRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.GssEncRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.SslRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.StartupMessage;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.proto.SqlState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Serves a connection beyond the gateway's limit: it lets the client get as far as its startup
 * packet (negotiating TLS as a session would, so a client that insists on it still gets to hear
 * why), then answers FATAL 53300 and closes, which clients show as a clear error rather than a
 * reset socket. A CancelRequest is still forwarded, as Postgres does when it is full: stopping a
 * runaway query is what a user may need most when every connection is taken.
 */
public final class TooManyConnectionsHandler extends ChannelInboundHandlerAdapter {
  private final Duration timeout;
  private final Encryption encryption;
  private final CancelRequests cancels;

  public TooManyConnectionsHandler(SessionServices services) {
    this.timeout = services.startupTimeout();
    this.encryption = new Encryption(services.tls());
    this.cancels = services.cancels();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ctx.executor().schedule(() -> ctx.close(), timeout.toNanos(), TimeUnit.NANOSECONDS);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof SslRequest) {
      encryption.onSslRequest(ctx);
    } else if (msg instanceof GssEncRequest) {
      encryption.onGssEncRequest(ctx);
    } else if (msg instanceof CancelRequest cancel) {
      cancels.cancel(cancel.processId(), cancel.secretKey());
      ctx.close();
    } else if (msg instanceof StartupMessage) {
      ctx.writeAndFlush(
              BackendMessages.errorResponse(
                  ctx.alloc(),
                  PgError.fatal(SqlState.TOO_MANY_CONNECTIONS, "sorry, too many clients already")))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a malformed packet or failed handshake from a client we are turning away anyway
  }
}
