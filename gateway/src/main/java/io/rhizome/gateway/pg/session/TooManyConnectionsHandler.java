/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.FrontendMessage.GssEncRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.SslRequest;
import io.rhizome.gateway.pg.codec.FrontendMessage.StartupMessage;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.proto.SqlState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Serves a connection beyond the gateway's limit: it lets the client get as far as its startup
 * packet (refusing encryption so the client sends one), then answers FATAL 53300 and closes, which
 * clients show as a clear error rather than a reset socket.
 */
public final class TooManyConnectionsHandler extends ChannelInboundHandlerAdapter {
  private final Duration timeout;

  public TooManyConnectionsHandler(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ctx.executor().schedule(() -> ctx.close(), timeout.toNanos(), TimeUnit.NANOSECONDS);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof SslRequest || msg instanceof GssEncRequest) {
      ctx.writeAndFlush(BackendMessages.encryptionRefused());
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
    ctx.close(); // a malformed packet from a client we are turning away anyway
  }
}
