/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * One-dimensional arrays, and the catalog's vector types (int2vector, oidvector). Values are kept
 * in Postgres' text form ({@code {a,"b c",NULL}}, vectors {@code 1 2}), which is also their text
 * format; the binary format is Postgres' array layout with the element type's binary values.
 */
final class ArrayType extends PgTypeCodec {
  private final PgTypeCodec element;
  private final boolean vector;

  private ArrayType(PgType type, String name, PgTypeCodec element, boolean vector) {
    super(type, name, -1);
    this.element = element;
    this.vector = vector;
  }

  static ArrayType of(PgType type, String name, PgTypeCodec element) {
    return new ArrayType(type, name, element, false);
  }

  static ArrayType vector(PgType type, String name, PgTypeCodec element) {
    return new ArrayType(type, name, element, true);
  }

  @Override
  public void writeBinary(ByteBuf out, Value value) {
    if (value.getKindCase() != Value.KindCase.TEXT) {
      throw notBinary(value);
    }
    List<String> elements;
    try {
      elements = parse(value.getText());
    } catch (IllegalArgumentException e) {
      throw notBinary(value);
    }
    boolean nulls = elements.contains(null);
    out.writeInt(elements.isEmpty() ? 0 : 1);
    out.writeInt(nulls ? 1 : 0);
    out.writeInt(element.oid());
    if (!elements.isEmpty()) {
      out.writeInt(elements.size());
      out.writeInt(vector ? 0 : 1);
    }
    for (String e : elements) {
      if (e == null) {
        out.writeInt(-1);
        continue;
      }
      int lengthAt = out.writerIndex();
      out.writeInt(0);
      int start = out.writerIndex();
      element.writeBinary(out, Values.text(e));
      out.setInt(lengthAt, out.writerIndex() - start);
    }
  }

  @Override
  public Value decodeText(String text) {
    try {
      parse(text);
    } catch (IllegalArgumentException e) {
      throw invalidText(text);
    }
    return Values.text(text);
  }

  @Override
  public Value decodeBinary(ByteBuf in) {
    if (in.readableBytes() < 12) {
      throw invalidBinary("an array header is 12 bytes at least");
    }
    int dims = in.readInt();
    in.readInt(); // null flag: each element says so itself
    int oid = in.readInt();
    if (dims == 0) {
      requireLength(in, 0);
      return Values.text(vector ? "" : "{}");
    }
    if (dims != 1) {
      throw invalidBinary("only one-dimensional arrays are supported");
    }
    if (oid != element.oid()) {
      throw invalidBinary("wrong element type " + oid);
    }
    if (in.readableBytes() < 8) {
      throw invalidBinary("missing dimension");
    }
    int length = in.readInt();
    in.readInt(); // lower bound
    if (length < 0 || length > in.readableBytes() / 4) {
      throw invalidBinary("bad array length");
    }
    List<String> out = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      if (in.readableBytes() < 4) {
        throw invalidBinary("truncated element");
      }
      int n = in.readInt();
      if (n == -1) {
        out.add(null);
        continue;
      }
      if (n < 0 || n > in.readableBytes()) {
        throw invalidBinary("bad element length");
      }
      ByteBuf bytes = in.readSlice(n);
      out.add(element.encodeText(element.decodeBinary(bytes)));
    }
    requireLength(in, 0);
    return Values.text(vector ? String.join(" ", out) : format(out));
  }

  /** The elements of an array's text form (null for NULL elements). */
  static List<String> parse(String text) {
    List<String> out = new ArrayList<>();
    String s = text.strip();
    if (!s.startsWith("{")) {
      for (String part : s.split("\\s+")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
      return out;
    }
    if (!s.endsWith("}")) {
      throw new IllegalArgumentException("unterminated array");
    }
    int n = s.length() - 1;
    int i = 1;
    while (i < n) {
      char c = s.charAt(i);
      if (c == ',' || Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '{') {
        throw new IllegalArgumentException("multidimensional arrays are not supported");
      }
      StringBuilder e = new StringBuilder();
      if (c == '"') {
        i++;
        while (i < n && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          e.append(s.charAt(i++));
        }
        if (i >= n) {
          throw new IllegalArgumentException("unterminated element");
        }
        i++;
        out.add(e.toString());
      } else {
        while (i < n && s.charAt(i) != ',') {
          if (s.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          e.append(s.charAt(i++));
        }
        String v = e.toString().strip();
        out.add(v.equalsIgnoreCase("NULL") ? null : v);
      }
    }
    return out;
  }

  /** Postgres' text form of a one-dimensional array. */
  static String format(List<String> elements) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < elements.size(); i++) {
      sb.append(i == 0 ? "" : ",");
      String s = elements.get(i);
      if (s == null) {
        sb.append("NULL");
        continue;
      }
      boolean quote = s.isEmpty() || s.equalsIgnoreCase("NULL");
      for (int k = 0; k < s.length() && !quote; k++) {
        char c = s.charAt(k);
        quote =
            c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || Character.isWhitespace(c);
      }
      sb.append(quote ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : s);
    }
    return sb.append('}').toString();
  }
}
