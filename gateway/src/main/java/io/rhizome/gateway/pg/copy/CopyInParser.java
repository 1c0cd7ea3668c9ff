/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.copy;

import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.SqlState;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the byte stream of a COPY FROM STDIN into rows, in text or CSV format. CopyData boundaries
 * carry no meaning, so input is {@link #feed fed} in chunks of any size and rows are {@link #next
 * pulled} one at a time: the caller stops pulling while the rows it has are on their way, and the
 * parser holds at most the unread part of the chunks plus one partial line.
 *
 * <p>Scanning works on bytes: the delimiter, quote, escape and newline are ASCII, which never occur
 * inside a multi-byte UTF-8 sequence; each field is then decoded strictly.
 */
public final class CopyInParser {
  private final CopyFormat format;
  private final List<String> columns;
  private final int maxLineBytes;
  private final byte[] nullBytes;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  private byte[] buf = new byte[8192];
  private int start;
  private int limit;

  /** Where scanning for the end of the current record resumes, and the CSV quote state there. */
  private int scan;

  private boolean inQuote;

  private byte[] field = new byte[256];
  private int fieldLength;

  private long line;
  private boolean headerPending;
  private boolean endOfInput;
  private boolean ended;

  /**
   * @param columns the names of the target columns (for "missing data for column" messages)
   * @param maxLineBytes the longest record accepted; a longer one is an error (54000)
   */
  public CopyInParser(CopyFormat format, List<String> columns, int maxLineBytes) {
    this.format = format;
    this.columns = List.copyOf(columns);
    this.maxLineBytes = maxLineBytes;
    this.nullBytes = format.nullString().getBytes(StandardCharsets.UTF_8);
    this.headerPending = format.header();
  }

  /** Adds a chunk of input. Input after the end-of-data marker {@code \.} is ignored. */
  public void feed(byte[] data) {
    if (ended || data.length == 0) {
      return;
    }
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, limit - start);
      limit -= start;
      scan -= start;
      start = 0;
    }
    if (limit + data.length > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, limit + data.length));
    }
    System.arraycopy(data, 0, buf, limit, data.length);
    limit += data.length;
  }

  /** The client said CopyDone: a last line without a newline is a record too. */
  public void endOfInput() {
    endOfInput = true;
  }

  /** The number of input lines consumed so far (the line an error is reported for). */
  public long line() {
    return line;
  }

  /**
   * The next row (null elements are SQL NULL), or null when more input is needed or the data has
   * ended.
   *
   * @throws PgException 22P04 for malformed data, 22021 for bad UTF-8, 54000 for an overlong line
   */
  public String[] next() {
    while (!ended) {
      int end = recordEnd();
      int recordEnd;
      if (end >= 0) {
        recordEnd = end;
      } else if (limit - start > maxLineBytes) {
        line++;
        throw new PgException(
            PgError.error(
                SqlState.PROGRAM_LIMIT_EXCEEDED,
                "COPY line is longer than " + maxLineBytes + " bytes"));
      } else if (endOfInput && start < limit) {
        if (inQuote) {
          line++;
          throw badFormat("unterminated CSV quoted field");
        }
        recordEnd = limit;
      } else {
        if (endOfInput) {
          ended = true;
        }
        return null;
      }
      int recordStart = start;
      start = Math.min(recordEnd + 1, limit);
      scan = start;
      inQuote = false;
      line++;
      if (recordEnd > recordStart && buf[recordEnd - 1] == '\r') {
        recordEnd--;
      }
      if (recordEnd - recordStart == 2 && buf[recordStart] == '\\' && buf[recordStart + 1] == '.') {
        ended = true;
        return null;
      }
      if (headerPending) {
        headerPending = false;
        continue;
      }
      return format.csv() ? csvRecord(recordStart, recordEnd) : textRecord(recordStart, recordEnd);
    }
    return null;
  }

  /** The index of the newline ending the current record, or -1 when it has not arrived yet. */
  private int recordEnd() {
    int i = scan;
    while (i < limit) {
      byte c = buf[i];
      if (format.csv()) {
        if (inQuote && c == format.escape() && format.escape() != format.quote()) {
          if (i + 1 >= limit) {
            break;
          }
          byte n = buf[i + 1];
          if (n == format.quote() || n == format.escape()) {
            i += 2;
            continue;
          }
        } else if (c == format.quote()) {
          inQuote = !inQuote;
        } else if (c == '\n' && !inQuote) {
          scan = i;
          return i;
        }
        i++;
      } else {
        if (c == '\\') {
          // A backslash makes the next byte data, even a newline.
          if (i + 1 >= limit) {
            break;
          }
          i += 2;
          continue;
        }
        if (c == '\n') {
          scan = i;
          return i;
        }
        i++;
      }
    }
    scan = i;
    return -1;
  }

  // ---------------------------------------------------------------------------------------------
  // Text format

  private String[] textRecord(int from, int to) {
    List<String> values = new ArrayList<>(columns.size());
    int i = from;
    while (true) {
      int fieldStart = i;
      fieldLength = 0;
      while (i < to && buf[i] != format.delimiter()) {
        byte c = buf[i++];
        if (c != '\\') {
          if (c == '\r' || c == '\n') {
            throw badFormat(
                c == '\r'
                    ? "literal carriage return found in data"
                    : "literal newline found in data");
          }
          append(c);
          continue;
        }
        if (i >= to) {
          throw badFormat("end-of-copy marker corrupt");
        }
        i = unescape(i, to);
      }
      values.add(isNull(fieldStart, i) ? null : fieldText());
      if (i >= to) {
        break;
      }
      i++; // delimiter
    }
    return checked(values);
  }

  /** Appends the value of the escape whose letter is at {@code i}; returns the index after it. */
  private int unescape(int i, int to) {
    byte c = buf[i++];
    switch (c) {
      case 'b' -> append((byte) '\b');
      case 'f' -> append((byte) '\f');
      case 'n' -> append((byte) '\n');
      case 'r' -> append((byte) '\r');
      case 't' -> append((byte) '\t');
      case 'v' -> append((byte) 0x0b);
      case 'x' -> {
        int value = 0;
        int digits = 0;
        while (digits < 2 && i < to && Character.digit(buf[i], 16) >= 0) {
          value = value * 16 + Character.digit(buf[i++], 16);
          digits++;
        }
        if (digits == 0) {
          append((byte) 'x');
        } else {
          appendByte(value);
        }
      }
      default -> {
        if (c >= '0' && c <= '7') {
          int value = c - '0';
          for (int digits = 1; digits < 3 && i < to && buf[i] >= '0' && buf[i] <= '7'; digits++) {
            value = value * 8 + (buf[i++] - '0');
          }
          appendByte(value & 0xff);
        } else {
          // Any other character stands for itself: \\, \. and the delimiter among them.
          append(c);
        }
      }
    }
    return i;
  }

  private void appendByte(int value) {
    if (value == 0) {
      throw new PgException(
          PgError.error(
                  SqlState.CHARACTER_NOT_IN_REPERTOIRE,
                  "invalid byte sequence for encoding \"UTF8\": 0x00")
              .withDetail(context()));
    }
    append((byte) value);
  }

  // ---------------------------------------------------------------------------------------------
  // CSV format

  private String[] csvRecord(int from, int to) {
    List<String> values = new ArrayList<>(columns.size());
    int i = from;
    while (true) {
      int fieldStart = i;
      fieldLength = 0;
      boolean quoted = false;
      boolean inside = false;
      while (i < to) {
        byte c = buf[i];
        if (!inside) {
          if (c == format.delimiter()) {
            break;
          }
          if (c == format.quote()) {
            inside = true;
            quoted = true;
          } else {
            append(c);
          }
          i++;
          continue;
        }
        if (c == format.escape() && i + 1 < to) {
          byte n = buf[i + 1];
          if (n == format.quote() || (n == format.escape() && format.escape() != format.quote())) {
            append(n);
            i += 2;
            continue;
          }
        }
        if (c == format.quote()) {
          inside = false;
        } else {
          append(c);
        }
        i++;
      }
      if (inside) {
        throw badFormat("unterminated CSV quoted field");
      }
      values.add(!quoted && isNull(fieldStart, i) ? null : fieldText());
      if (i >= to) {
        break;
      }
      i++; // delimiter
    }
    return checked(values);
  }

  // ---------------------------------------------------------------------------------------------

  private String[] checked(List<String> values) {
    if (values.size() > columns.size()) {
      throw badFormat("extra data after last expected column");
    }
    if (values.size() < columns.size()) {
      throw badFormat("missing data for column \"" + columns.get(values.size()) + "\"");
    }
    return values.toArray(String[]::new);
  }

  private boolean isNull(int from, int to) {
    return to - from == nullBytes.length
        && Arrays.equals(buf, from, to, nullBytes, 0, nullBytes.length);
  }

  private void append(byte b) {
    if (fieldLength == field.length) {
      field = Arrays.copyOf(field, field.length * 2);
    }
    field[fieldLength++] = b;
  }

  private String fieldText() {
    try {
      return utf8.decode(ByteBuffer.wrap(field, 0, fieldLength)).toString();
    } catch (CharacterCodingException e) {
      throw new PgException(
          PgError.error(
                  SqlState.CHARACTER_NOT_IN_REPERTOIRE,
                  "invalid byte sequence for encoding \"UTF8\"")
              .withDetail(context()));
    }
  }

  private PgException badFormat(String message) {
    return new PgException(
        PgError.error(SqlState.BAD_COPY_FILE_FORMAT, message).withDetail(context()));
  }

  private String context() {
    return "line " + line;
  }
}
