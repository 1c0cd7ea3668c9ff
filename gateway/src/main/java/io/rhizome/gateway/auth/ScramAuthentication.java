/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.SaslInitialResponse;
import java.util.List;

/** SCRAM-SHA-256 over the SASL messages: one {@link ScramExchange} in Postgres' framing. */
final class ScramAuthentication implements PasswordAuthentication {
  private final ScramExchange exchange;

  ScramAuthentication(ScramExchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public ByteBuf request(ByteBufAllocator alloc) {
    return BackendMessages.authenticationSasl(alloc, List.of(ScramExchange.MECHANISM_NAME));
  }

  @Override
  public Step respond(ByteBufAllocator alloc, byte[] body) {
    if (!exchange.awaitingClientFinal()) {
      SaslInitialResponse initial = SaslInitialResponse.parse(body);
      byte[] serverFirst = exchange.clientFirst(initial.mechanism(), initial.data());
      return Step.next(BackendMessages.authenticationSaslContinue(alloc, serverFirst));
    }
    byte[] serverFinal = exchange.clientFinal(body);
    return Step.done(BackendMessages.authenticationSaslFinal(alloc, serverFinal));
  }
}
