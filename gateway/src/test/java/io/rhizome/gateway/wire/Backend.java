/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads server-side (backend) protocol bytes in tests, as a driver would. */
public final class Backend {
  private Backend() {}

  /** One backend message. */
  public record Message(char type, byte[] body) {
    public ByteBuf buf() {
      return Unpooled.wrappedBuffer(body);
    }

    /** The fields of an ErrorResponse, keyed by field code. */
    public Map<Character, String> errorFields() {
      Map<Character, String> fields = new LinkedHashMap<>();
      ByteBuf b = buf();
      while (b.isReadable()) {
        byte code = b.readByte();
        if (code == 0) {
          break;
        }
        fields.put((char) code, cstring(b));
      }
      return fields;
    }

    public String sqlState() {
      return errorFields().get('C');
    }

    /** The first C string of the body (CommandComplete tag, for instance). */
    public String string() {
      return cstring(buf());
    }

    /** The two strings of a ParameterStatus. */
    public Map.Entry<String, String> parameter() {
      ByteBuf b = buf();
      return Map.entry(cstring(b), cstring(b));
    }

    /** Column texts of a DataRow (null for SQL NULL). */
    public List<String> columns() {
      ByteBuf b = buf();
      int n = b.readShort();
      List<String> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int len = b.readInt();
        out.add(len < 0 ? null : b.readCharSequence(len, StandardCharsets.UTF_8).toString());
      }
      return out;
    }

    /** Int32 after the type and length (authentication request code). */
    public int authCode() {
      return buf().readInt();
    }

    @Override
    public String toString() {
      return type + ":" + ByteBufUtil.hexDump(body);
    }
  }

  /** Drains every outbound buffer of {@code channel} into messages; releases them. */
  public static List<Message> read(EmbeddedChannel channel) {
    ByteBuf all = Unpooled.buffer();
    for (Object o; (o = channel.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      all.writeBytes(b);
      b.release();
    }
    return parse(all);
  }

  /** Splits bytes into messages (a lone 'N' byte, the SSL refusal, is returned as type 'N'). */
  public static List<Message> parse(ByteBuf all) {
    List<Message> out = new ArrayList<>();
    while (all.isReadable()) {
      if (all.readableBytes() == 1) {
        out.add(new Message((char) all.readByte(), new byte[0]));
        break;
      }
      char type = (char) all.readByte();
      int len = all.readInt();
      byte[] body = new byte[len - 4];
      all.readBytes(body);
      out.add(new Message(type, body));
    }
    all.release();
    return out;
  }

  /** The type letters of messages, e.g. "RSSKZ". */
  public static String types(List<Message> messages) {
    StringBuilder sb = new StringBuilder();
    messages.forEach(m -> sb.append(m.type()));
    return sb.toString();
  }

  public static String cstring(ByteBuf b) {
    int len = b.bytesBefore((byte) 0);
    String s = b.readCharSequence(len, StandardCharsets.UTF_8).toString();
    b.skipBytes(1);
    return s;
  }
}
