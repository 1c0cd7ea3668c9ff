/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.rhizome.gateway.pg.codec.FrontendMessage.AuthenticationResponse;
import io.rhizome.gateway.pg.codec.FrontendMessage.Bind;
import io.rhizome.gateway.pg.codec.FrontendMessage.Close;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyData;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyDone;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyFail;
import io.rhizome.gateway.pg.codec.FrontendMessage.Describe;
import io.rhizome.gateway.pg.codec.FrontendMessage.Execute;
import io.rhizome.gateway.pg.codec.FrontendMessage.Flush;
import io.rhizome.gateway.pg.codec.FrontendMessage.FunctionCall;
import io.rhizome.gateway.pg.codec.FrontendMessage.Parse;
import io.rhizome.gateway.pg.codec.FrontendMessage.Query;
import io.rhizome.gateway.pg.codec.FrontendMessage.StartupMessage;
import io.rhizome.gateway.pg.codec.FrontendMessage.Sync;
import io.rhizome.gateway.pg.codec.FrontendMessage.Target;
import io.rhizome.gateway.pg.codec.FrontendMessage.Terminate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
          case 'P' -> parse(body);
          case 'B' -> bind(body);
          case 'D' -> new Describe(target(body, "DESCRIBE"), PgStrings.readCString(body));
          case 'E' -> new Execute(PgStrings.readCString(body), readInt(body));
          case 'C' -> new Close(target(body, "CLOSE"), PgStrings.readCString(body));
          case 'F' -> skip(body, new FunctionCall());
          case 'd' -> new CopyData(readRest(body));
          case 'c' -> new CopyDone();
          case 'f' -> new CopyFail(PgStrings.readCString(body));
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

  /** Parse: {@code String name | String query | Int16 n | Int32 oid[n]}. */
  private static Parse parse(ByteBuf body) {
    String name = PgStrings.readCString(body);
    String sql = PgStrings.readCString(body);
    int count = readUnsignedShort(body);
    List<Integer> types = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      types.add(readInt(body));
    }
    return new Parse(name, sql, types);
  }

  /**
   * Bind: {@code String portal | String statement | Int16 n | Int16 format[n] | Int16 m | (Int32
   * length (-1: NULL) | Byte[length])[m] | Int16 k | Int16 resultFormat[k]}.
   */
  private static Bind bind(ByteBuf body) {
    String portal = PgStrings.readCString(body);
    String statement = PgStrings.readCString(body);
    List<Integer> formats = shorts(body);
    int count = readUnsignedShort(body);
    List<ByteString> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int length = readInt(body);
      if (length == -1) {
        values.add(null);
        continue;
      }
      if (length < 0 || length > body.readableBytes()) {
        throw PgException.protocolViolation("insufficient data left in message");
      }
      values.add(ByteString.copyFrom(body.nioBuffer(body.readerIndex(), length)));
      body.skipBytes(length);
    }
    return new Bind(portal, statement, formats, values, shorts(body));
  }

  private static List<Integer> shorts(ByteBuf body) {
    int count = readUnsignedShort(body);
    List<Integer> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add((int) readShort(body));
    }
    return values;
  }

  private static Target target(ByteBuf body, String message) {
    if (!body.isReadable()) {
      throw PgException.protocolViolation("insufficient data left in message");
    }
    return switch (body.readByte()) {
      case 'S' -> Target.STATEMENT;
      case 'P' -> Target.PORTAL;
      default -> throw PgException.protocolViolation("invalid " + message + " message subtype");
    };
  }

  private static int readInt(ByteBuf body) {
    if (body.readableBytes() < 4) {
      throw PgException.protocolViolation("insufficient data left in message");
    }
    return body.readInt();
  }

  private static short readShort(ByteBuf body) {
    if (body.readableBytes() < 2) {
      throw PgException.protocolViolation("insufficient data left in message");
    }
    return body.readShort();
  }

  private static int readUnsignedShort(ByteBuf body) {
    return readShort(body) & 0xFFFF;
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
