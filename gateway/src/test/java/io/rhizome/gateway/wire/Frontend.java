/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds client-side (frontend) protocol bytes for tests, the way a driver would send them. */
public final class Frontend {
  private Frontend() {}

  public static ByteBuf startup(Map<String, String> params) {
    return startup(3, 0, params);
  }

  public static ByteBuf startup(int major, int minor, Map<String, String> params) {
    ByteBuf body = Unpooled.buffer();
    body.writeInt(major << 16 | minor);
    params.forEach(
        (k, v) -> {
          cstring(body, k);
          cstring(body, v);
        });
    body.writeByte(0);
    return untyped(body);
  }

  public static ByteBuf sslRequest() {
    return untyped(Unpooled.buffer().writeInt(80877103));
  }

  public static ByteBuf gssEncRequest() {
    return untyped(Unpooled.buffer().writeInt(80877104));
  }

  public static ByteBuf cancelRequest(int pid, int key) {
    return untyped(Unpooled.buffer().writeInt(80877102).writeInt(pid).writeInt(key));
  }

  public static ByteBuf query(String sql) {
    ByteBuf body = Unpooled.buffer();
    cstring(body, sql);
    return typed('Q', body);
  }

  public static ByteBuf saslInitialResponse(String mechanism, byte[] data) {
    ByteBuf body = Unpooled.buffer();
    cstring(body, mechanism);
    body.writeInt(data.length).writeBytes(data);
    return typed('p', body);
  }

  /** PasswordMessage: the cleartext password or the md5 response, NUL-terminated. */
  public static ByteBuf passwordMessage(String password) {
    ByteBuf body = Unpooled.buffer();
    cstring(body, password);
    return typed('p', body);
  }

  public static ByteBuf saslResponse(byte[] data) {
    return typed('p', Unpooled.wrappedBuffer(data));
  }

  public static ByteBuf sync() {
    return typed('S', Unpooled.EMPTY_BUFFER);
  }

  public static ByteBuf terminate() {
    return typed('X', Unpooled.EMPTY_BUFFER);
  }

  /** A Parse message for the unnamed statement with no parameter types. */
  public static ByteBuf parse(String sql) {
    ByteBuf body = Unpooled.buffer();
    cstring(body, "");
    cstring(body, sql);
    body.writeShort(0);
    return typed('P', body);
  }

  /** A Parse message with parameter type OIDs. */
  public static ByteBuf parse(String name, String sql, int... types) {
    ByteBuf body = Unpooled.buffer();
    cstring(body, name);
    cstring(body, sql);
    body.writeShort(types.length);
    for (int t : types) {
      body.writeInt(t);
    }
    return typed('P', body);
  }

  /**
   * A Bind message.
   *
   * @param values parameter values as sent (null = SQL NULL)
   */
  public static ByteBuf bind(
      String portal, String statement, int[] paramFormats, byte[][] values, int... resultFormats) {
    ByteBuf body = Unpooled.buffer();
    cstring(body, portal);
    cstring(body, statement);
    body.writeShort(paramFormats.length);
    for (int f : paramFormats) {
      body.writeShort(f);
    }
    body.writeShort(values.length);
    for (byte[] v : values) {
      if (v == null) {
        body.writeInt(-1);
      } else {
        body.writeInt(v.length).writeBytes(v);
      }
    }
    body.writeShort(resultFormats.length);
    for (int f : resultFormats) {
      body.writeShort(f);
    }
    return typed('B', body);
  }

  /** A Bind of the unnamed portal without parameters, results in text. */
  public static ByteBuf bind(String statement) {
    return bind("", statement, new int[0], new byte[0][]);
  }

  /** A Describe of a statement ('S') or portal ('P'). */
  public static ByteBuf describe(char target, String name) {
    ByteBuf body = Unpooled.buffer();
    body.writeByte(target);
    cstring(body, name);
    return typed('D', body);
  }

  public static ByteBuf execute(String portal, int maxRows) {
    ByteBuf body = Unpooled.buffer();
    cstring(body, portal);
    body.writeInt(maxRows);
    return typed('E', body);
  }

  /** A Close of a statement ('S') or portal ('P'). */
  public static ByteBuf close(char target, String name) {
    ByteBuf body = Unpooled.buffer();
    body.writeByte(target);
    cstring(body, name);
    return typed('C', body);
  }

  public static ByteBuf flush() {
    return typed('H', Unpooled.EMPTY_BUFFER);
  }

  /** Several messages in one buffer, as a client writes a pipeline. */
  public static ByteBuf concat(ByteBuf... messages) {
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf m : messages) {
      all.writeBytes(m);
      m.release();
    }
    return all;
  }

  /** Any message: type, length, body. */
  public static ByteBuf typed(char type, ByteBuf body) {
    ByteBuf out = Unpooled.buffer();
    out.writeByte(type).writeInt(4 + body.readableBytes()).writeBytes(body);
    body.release();
    return out;
  }

  private static ByteBuf untyped(ByteBuf body) {
    ByteBuf out = Unpooled.buffer();
    out.writeInt(4 + body.readableBytes()).writeBytes(body);
    body.release();
    return out;
  }

  public static void cstring(ByteBuf out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8)).writeByte(0);
  }
}
