/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.types.PgTypeCodec;
import io.rhizome.gateway.pg.types.PgTypes;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the parameter values of a Bind into SQLite values, each by its type (the one the client
 * gave in Parse; text when it gave none, which is also what the node reports) and its format.
 * Errors name the parameter in their detail but never echo its value beyond a short clip.
 */
final class Parameters {
  private static final Value NULL = Value.newBuilder().setNull(true).build();

  private Parameters() {}

  /**
   * @param types the statement's parameter type OIDs from Parse (may be fewer than the values)
   * @param formats the Bind's parameter format codes: none (all text), one for all, or one each
   * @throws PgException (ERROR) for a bad format code or a value that is not of its type
   */
  static List<Value> decode(List<Integer> types, List<Integer> formats, List<ByteString> values) {
    return decode(types, List.of(), formats, values);
  }

  /**
   * @param described the types the backend described, for binary values of parameters the client
   *     gave no type (text ones keep their text, as SQLite compares by the column's affinity)
   */
  static List<Value> decode(
      List<Integer> types,
      List<Integer> described,
      List<Integer> formats,
      List<ByteString> values) {
    if (formats.size() > 1 && formats.size() != values.size()) {
      throw PgException.error(
          SqlState.PROTOCOL_VIOLATION,
          "bind message has "
              + formats.size()
              + " parameter formats but "
              + values.size()
              + " parameters");
    }
    List<Value> decoded = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      int format = formats.isEmpty() ? RowEncoder.TEXT : formats.get(formats.size() == 1 ? 0 : i);
      if (format != RowEncoder.TEXT && format != RowEncoder.BINARY) {
        throw PgException.error(
            SqlState.INVALID_PARAMETER_VALUE, "unsupported format code: " + format);
      }
      ByteString value = values.get(i);
      if (value == null) {
        decoded.add(NULL);
        continue;
      }
      int type = i < types.size() ? types.get(i) : 0;
      if (type == 0 && format == RowEncoder.BINARY && i < described.size()) {
        type = described.get(i);
      }
      try {
        decoded.add(decode(type, format, value));
      } catch (PgException e) {
        throw new PgException(e.error().withDetail("in bind parameter $" + (i + 1)));
      }
    }
    return decoded;
  }

  private static Value decode(int type, int format, ByteString value) {
    Optional<PgTypeCodec> codec = type == 0 ? Optional.of(PgTypes.text()) : PgTypes.forOid(type);
    if (format == RowEncoder.TEXT) {
      String text = utf8(value);
      // A type the gateway does not know keeps its text; SQLite has no richer form for it anyway.
      return codec.map(c -> c.decodeText(text)).orElseGet(() -> PgTypes.text().decodeText(text));
    }
    if (codec.isEmpty()) {
      throw PgException.error(
          SqlState.FEATURE_NOT_SUPPORTED,
          "binary format is not supported for parameters of type "
              + Integer.toUnsignedString(type));
    }
    ByteBuf bytes = Unpooled.wrappedBuffer(value.asReadOnlyByteBuffer());
    Value v = codec.get().decodeBinary(bytes);
    if (bytes.isReadable()) {
      throw PgException.error(
          SqlState.INVALID_BINARY_REPRESENTATION, "incorrect binary data format");
    }
    return v;
  }

  private static String utf8(ByteString value) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(value.asReadOnlyByteBuffer())
          .toString();
    } catch (CharacterCodingException e) {
      throw PgException.error(
          SqlState.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\"");
    }
  }
}
