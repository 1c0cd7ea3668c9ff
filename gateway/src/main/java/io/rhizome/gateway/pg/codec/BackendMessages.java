/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rhizome.proto.TxStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writers for backend (server to client) messages. Each message is {@code Byte1 type | Int32 length
 * (including itself) | body}: writers put a length placeholder, write the body, then back-patch the
 * length with {@link #end}. Fixed messages are precomputed byte arrays, wrapped per write (cheap,
 * and nothing shared is ever released).
 */
public final class BackendMessages {
  private static final byte[] SSL_REFUSED = {'N'};
  private static final byte[] SSL_ACCEPTED = {'S'};
  private static final byte[] AUTHENTICATION_OK = {'R', 0, 0, 0, 8, 0, 0, 0, 0};
  private static final byte[] AUTHENTICATION_CLEARTEXT = {'R', 0, 0, 0, 8, 0, 0, 0, 3};
  private static final byte[] EMPTY_QUERY_RESPONSE = {'I', 0, 0, 0, 4};
  private static final byte[] READY_IDLE = {'Z', 0, 0, 0, 5, 'I'};
  private static final byte[] READY_IN_TRANSACTION = {'Z', 0, 0, 0, 5, 'T'};
  private static final byte[] READY_FAILED = {'Z', 0, 0, 0, 5, 'E'};
  private static final byte[] PARSE_COMPLETE = {'1', 0, 0, 0, 4};
  private static final byte[] BIND_COMPLETE = {'2', 0, 0, 0, 4};
  private static final byte[] CLOSE_COMPLETE = {'3', 0, 0, 0, 4};
  private static final byte[] NO_DATA = {'n', 0, 0, 0, 4};
  private static final byte[] PORTAL_SUSPENDED = {'s', 0, 0, 0, 4};
  private static final byte[] COPY_DONE = {'c', 0, 0, 0, 4};

  private static final int AUTH_MD5 = 5;
  private static final int AUTH_SASL = 10;
  private static final int AUTH_SASL_CONTINUE = 11;
  private static final int AUTH_SASL_FINAL = 12;

  private BackendMessages() {}

  /** The single byte refusing SSLRequest / GSSENCRequest. */
  public static ByteBuf encryptionRefused() {
    return Unpooled.wrappedBuffer(SSL_REFUSED);
  }

  /** The single byte accepting SSLRequest: the TLS handshake follows. */
  public static ByteBuf encryptionAccepted() {
    return Unpooled.wrappedBuffer(SSL_ACCEPTED);
  }

  public static ByteBuf authenticationOk() {
    return Unpooled.wrappedBuffer(AUTHENTICATION_OK);
  }

  public static ByteBuf emptyQueryResponse() {
    return Unpooled.wrappedBuffer(EMPTY_QUERY_RESPONSE);
  }

  public static ByteBuf parseComplete() {
    return Unpooled.wrappedBuffer(PARSE_COMPLETE);
  }

  public static ByteBuf bindComplete() {
    return Unpooled.wrappedBuffer(BIND_COMPLETE);
  }

  public static ByteBuf closeComplete() {
    return Unpooled.wrappedBuffer(CLOSE_COMPLETE);
  }

  public static ByteBuf noData() {
    return Unpooled.wrappedBuffer(NO_DATA);
  }

  public static ByteBuf portalSuspended() {
    return Unpooled.wrappedBuffer(PORTAL_SUSPENDED);
  }

  /** ParameterDescription: {@code Int16 n | Int32 oid[n]}. */
  public static ByteBuf parameterDescription(ByteBufAllocator alloc, List<Integer> typeOids) {
    ByteBuf out = alloc.buffer(7 + 4 * typeOids.size());
    int start = begin(out, 't');
    out.writeShort(typeOids.size());
    for (int oid : typeOids) {
      out.writeInt(oid);
    }
    return end(out, start);
  }

  /** ReadyForQuery with 'I', 'T' or 'E'. An unspecified status is reported as idle. */
  public static ByteBuf readyForQuery(TxStatus status) {
    return Unpooled.wrappedBuffer(
        switch (status) {
          case IN_TRANSACTION -> READY_IN_TRANSACTION;
          case FAILED -> READY_FAILED;
          default -> READY_IDLE;
        });
  }

  /** AuthenticationCleartextPassword: the client answers with its password in a PasswordMessage. */
  public static ByteBuf authenticationCleartextPassword() {
    return Unpooled.wrappedBuffer(AUTHENTICATION_CLEARTEXT);
  }

  /** AuthenticationMD5Password: {@code Int32 5 | Byte4 salt}. */
  public static ByteBuf authenticationMd5Password(ByteBufAllocator alloc, byte[] salt) {
    if (salt.length != 4) {
      throw new IllegalArgumentException("an md5 salt has 4 bytes, not " + salt.length);
    }
    return authenticationWithData(alloc, AUTH_MD5, salt);
  }

  /** AuthenticationSASL: the mechanisms offered, each NUL-terminated, then an empty name. */
  public static ByteBuf authenticationSasl(ByteBufAllocator alloc, List<String> mechanisms) {
    ByteBuf out = alloc.buffer();
    int start = begin(out, 'R');
    out.writeInt(AUTH_SASL);
    for (String m : mechanisms) {
      writeCString(out, m);
    }
    out.writeByte(0);
    return end(out, start);
  }

  /** AuthenticationSASLContinue with the server-first-message. */
  public static ByteBuf authenticationSaslContinue(ByteBufAllocator alloc, byte[] data) {
    return authenticationWithData(alloc, AUTH_SASL_CONTINUE, data);
  }

  /** AuthenticationSASLFinal with the server-final-message. */
  public static ByteBuf authenticationSaslFinal(ByteBufAllocator alloc, byte[] data) {
    return authenticationWithData(alloc, AUTH_SASL_FINAL, data);
  }

  private static ByteBuf authenticationWithData(ByteBufAllocator alloc, int code, byte[] data) {
    ByteBuf out = alloc.buffer(9 + data.length);
    int start = begin(out, 'R');
    out.writeInt(code);
    out.writeBytes(data);
    return end(out, start);
  }

  public static ByteBuf parameterStatus(ByteBufAllocator alloc, String name, String value) {
    ByteBuf out = alloc.buffer();
    int start = begin(out, 'S');
    writeCString(out, name);
    writeCString(out, value);
    return end(out, start);
  }

  public static ByteBuf backendKeyData(ByteBufAllocator alloc, int processId, int secretKey) {
    ByteBuf out = alloc.buffer(13);
    int start = begin(out, 'K');
    out.writeInt(processId);
    out.writeInt(secretKey);
    return end(out, start);
  }

  /** NegotiateProtocolVersion: the newest minor version served and the options not recognized. */
  public static ByteBuf negotiateProtocolVersion(
      ByteBufAllocator alloc, int minorVersion, List<String> unrecognizedOptions) {
    ByteBuf out = alloc.buffer();
    int start = begin(out, 'v');
    out.writeInt(3 << 16 | minorVersion);
    out.writeInt(unrecognizedOptions.size());
    for (String option : unrecognizedOptions) {
      writeCString(out, option);
    }
    return end(out, start);
  }

  /**
   * One field of a RowDescription (no table, typmod -1).
   *
   * @param format 0 text, 1 binary
   */
  public record Field(String name, int typeOid, short typeLength, int format) {
    /** A field in text format. */
    public Field(String name, int typeOid, short typeLength) {
      this(name, typeOid, typeLength, 0);
    }
  }

  public static ByteBuf rowDescription(ByteBufAllocator alloc, List<Field> fields) {
    ByteBuf out = alloc.buffer();
    int start = begin(out, 'T');
    out.writeShort(fields.size());
    for (Field f : fields) {
      writeCString(out, f.name());
      out.writeInt(0); // table OID
      out.writeShort(0); // column attribute number
      out.writeInt(f.typeOid());
      out.writeShort(f.typeLength());
      out.writeInt(-1); // type modifier
      out.writeShort(f.format());
    }
    return end(out, start);
  }

  /**
   * Starts a DataRow in {@code out}; write each column with {@link #writeNullColumn} or {@link
   * #writeTextColumn}, then {@link #end}.
   */
  public static int beginDataRow(ByteBuf out, int columns) {
    int start = begin(out, 'D');
    out.writeShort(columns);
    return start;
  }

  /** Sets the column count of a DataRow begun at {@code start} with a placeholder count. */
  public static void setDataRowColumns(ByteBuf out, int start, int columns) {
    out.setShort(start + 4, columns);
  }

  public static void writeNullColumn(ByteBuf out) {
    out.writeInt(-1);
  }

  /**
   * Starts a column value of unknown length: writes the length placeholder; finish with {@link
   * #endColumn}.
   */
  public static int beginColumn(ByteBuf out) {
    int lengthAt = out.writerIndex();
    out.writeInt(0);
    return lengthAt;
  }

  /** Back-patches the length of a column value begun at {@code lengthAt}. */
  public static void endColumn(ByteBuf out, int lengthAt) {
    out.setInt(lengthAt, out.writerIndex() - lengthAt - 4);
  }

  /**
   * An integer column value in text format, its decimal digits written in place: no String on the
   * way, which a large result of integers pays per value.
   */
  public static void writeDecimalColumn(ByteBuf out, long value) {
    if (value == Long.MIN_VALUE) {
      writeTextColumn(out, Long.toString(value));
      return;
    }
    long rest = Math.abs(value);
    int length = value < 0 ? 2 : 1;
    for (long higher = rest / 10; higher != 0; higher /= 10) {
      length++;
    }
    out.writeInt(length);
    out.ensureWritable(length);
    int end = out.writerIndex() + length;
    int at = end;
    do {
      out.setByte(--at, '0' + (int) (rest % 10));
      rest /= 10;
    } while (rest != 0);
    if (value < 0) {
      out.setByte(--at, '-');
    }
    out.writerIndex(end);
  }

  /** A column value in text format: Int32 byte length, then the UTF-8 bytes. */
  public static void writeTextColumn(ByteBuf out, CharSequence text) {
    int lengthAt = out.writerIndex();
    out.writeInt(0);
    int written = ByteBufUtil.writeUtf8(out, text);
    out.setInt(lengthAt, written);
  }

  public static ByteBuf commandComplete(ByteBufAllocator alloc, String tag) {
    ByteBuf out = alloc.buffer();
    int start = begin(out, 'C');
    writeCString(out, tag);
    return end(out, start);
  }

  /**
   * ErrorResponse: fields S (severity), V (severity, never localized), C (SQLSTATE), M (message),
   * optional D (detail) and H (hint), then a NUL.
   */
  public static ByteBuf errorResponse(ByteBufAllocator alloc, PgError error) {
    ByteBuf out = alloc.buffer();
    int start = begin(out, 'E');
    writeField(out, 'S', error.severity().name());
    writeField(out, 'V', error.severity().name());
    out.writeByte('C');
    out.writeBytes(error.state().codeBytes());
    out.writeByte(0);
    writeField(out, 'M', error.message());
    if (error.detail() != null) {
      writeField(out, 'D', error.detail());
    }
    if (error.hint() != null) {
      writeField(out, 'H', error.hint());
    }
    out.writeByte(0);
    return end(out, start);
  }

  /**
   * CopyInResponse ('G'): the server is ready for COPY FROM STDIN data. {@code Int8 overall format
   * | Int16 n | Int16 format[n]}, every column in the overall format (0 text, 1 binary).
   */
  public static ByteBuf copyInResponse(ByteBufAllocator alloc, int format, int columns) {
    return copyResponse(alloc, 'G', format, columns);
  }

  /** CopyOutResponse ('H'): COPY TO STDOUT data follows, laid out as {@link #copyInResponse}. */
  public static ByteBuf copyOutResponse(ByteBufAllocator alloc, int format, int columns) {
    return copyResponse(alloc, 'H', format, columns);
  }

  private static ByteBuf copyResponse(ByteBufAllocator alloc, char type, int format, int columns) {
    ByteBuf out = alloc.buffer(8 + 2 * columns);
    int start = begin(out, type);
    out.writeByte(format);
    out.writeShort(columns);
    for (int i = 0; i < columns; i++) {
      out.writeShort(format);
    }
    return end(out, start);
  }

  /** CopyData ('d') carrying {@code length} bytes of {@code data} from {@code offset}. */
  public static ByteBuf copyData(ByteBufAllocator alloc, byte[] data, int offset, int length) {
    ByteBuf out = alloc.buffer(5 + length);
    int start = begin(out, 'd');
    out.writeBytes(data, offset, length);
    return end(out, start);
  }

  /** CopyDone ('c'): the end of COPY TO STDOUT data. */
  public static ByteBuf copyDone() {
    return Unpooled.wrappedBuffer(COPY_DONE);
  }

  /** Writes the type byte and a length placeholder; returns where the length goes. */
  public static int begin(ByteBuf out, char type) {
    out.writeByte(type);
    int lengthAt = out.writerIndex();
    out.writeInt(0);
    return lengthAt;
  }

  /** Back-patches the length written at {@code lengthAt}; returns {@code out} for chaining. */
  public static ByteBuf end(ByteBuf out, int lengthAt) {
    out.setInt(lengthAt, out.writerIndex() - lengthAt);
    return out;
  }

  private static void writeField(ByteBuf out, char code, String value) {
    out.writeByte(code);
    writeCString(out, value);
  }

  /**
   * Writes a NUL-terminated UTF-8 string. A NUL inside the value would cut the string on the client
   * side, so it is replaced (values come from metadata and the node, never raw bytes).
   */
  static void writeCString(ByteBuf out, String s) {
    if (s.indexOf('\0') >= 0) {
      s = s.replace('\0', '\uFFFD');
    }
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    out.writeByte(0);
  }
}
