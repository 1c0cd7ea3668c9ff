/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.rhizome.gateway.pg.codec.FrontendMessage.AuthenticationResponse;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyMessage;
import io.rhizome.gateway.pg.codec.FrontendMessage.ExtendedQuery;
import io.rhizome.gateway.pg.codec.FrontendMessage.Flush;
import io.rhizome.gateway.pg.codec.FrontendMessage.FunctionCall;
import io.rhizome.gateway.pg.codec.FrontendMessage.Query;
import io.rhizome.gateway.pg.codec.FrontendMessage.StartupMessage;
import io.rhizome.gateway.pg.codec.FrontendMessage.Sync;
import io.rhizome.gateway.pg.codec.FrontendMessage.Terminate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives each regular frame its record. Every decode reads only from the frame slice it is handed
 * and must consume it exactly: trailing bytes are as malformed as missing ones.
 */
final class FrontendMessages {
  private FrontendMessages() {}

  static FrontendMessage decode(char type, ByteBuf body) {
    FrontendMessage message =
        switch (type) {
          case 'Q' -> new Query(PgStrings.readCString(body));
          case 'p' -> new AuthenticationResponse(readRest(body));
          case 'S' -> new Sync();
          case 'H' -> new Flush();
          case 'X' -> new Terminate();
          case 'P', 'B', 'D', 'E', 'C' -> skip(body, new ExtendedQuery(type));
          case 'F' -> skip(body, new FunctionCall());
          case 'd', 'c', 'f' -> skip(body, new CopyMessage(type));
          default ->
              throw PgException.protocolViolation("invalid frontend message type " + (int) type);
        };
    requireConsumed(body, type);
    return message;
  }

  /** Parses a startup packet's body after its protocol code: name/value pairs, then one NUL. */
  static StartupMessage startup(int major, int minor, ByteBuf body) {
    Map<String, String> params = new LinkedHashMap<>();
    while (true) {
      if (!body.isReadable()) {
        throw PgException.protocolViolation("invalid startup packet layout: expected terminator");
      }
      if (body.getByte(body.readerIndex()) == 0) {
        body.skipBytes(1);
        break;
      }
      String name = PgStrings.readCString(body);
      String value = PgStrings.readCString(body);
      params.put(name, value);
    }
    if (body.isReadable()) {
      throw PgException.protocolViolation("invalid startup packet layout: trailing bytes");
    }
    return new StartupMessage(major, minor, params);
  }

  private static byte[] readRest(ByteBuf body) {
    byte[] bytes = ByteBufUtil.getBytes(body);
    body.skipBytes(bytes.length);
    return bytes;
  }

  /** Bodies of messages not served yet are dropped whole (they are bounded by the frame). */
  private static FrontendMessage skip(ByteBuf body, FrontendMessage message) {
    body.skipBytes(body.readableBytes());
    return message;
  }

  private static void requireConsumed(ByteBuf body, char type) {
    if (body.isReadable()) {
      throw PgException.protocolViolation("invalid message format: extra bytes in '" + type + "'");
    }
  }
}
