/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rhizome.gateway.pg.codec.PgException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyInParserTest {
  private static final List<String> AB = List.of("a", "b");

  private static List<String[]> all(CopyFormat f, List<String> cols, byte[] input, int chunk) {
    CopyInParser p = new CopyInParser(f, cols, 1 << 20);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < input.length; i += chunk) {
      byte[] part = new byte[Math.min(chunk, input.length - i)];
      System.arraycopy(input, i, part, 0, part.length);
      p.feed(part);
      String[] r;
      while ((r = p.next()) != null) {
        rows.add(r);
      }
    }
    p.endOfInput();
    String[] r;
    while ((r = p.next()) != null) {
      rows.add(r);
    }
    return rows;
  }

  /** Parses whole, then one byte at a time, and checks both give the same rows. */
  private static List<String[]> rows(CopyFormat f, List<String> cols, String input) {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    List<String[]> whole = all(f, cols, bytes, Math.max(1, bytes.length));
    List<String[]> bytewise = all(f, cols, bytes, 1);
    assertEquals(whole.size(), bytewise.size());
    for (int i = 0; i < whole.size(); i++) {
      assertArrayEquals(whole.get(i), bytewise.get(i));
    }
    return whole;
  }

  private static PgException error(CopyFormat f, List<String> cols, String input) {
    return assertThrows(PgException.class, () -> rows(f, cols, input));
  }

  @Test
  void textSplitsOnTabsAndReadsNullsAndEscapes() {
    List<String[]> r =
        rows(
            CopyFormat.textFormat(),
            AB,
            "1\tx\\ty\n\\N\ta\\\\b\\nc\\r\\b\\f\\v\n\\101\\x41\t\\.\\q\n");
    assertEquals(3, r.size());
    assertArrayEquals(new String[] {"1", "x\ty"}, r.get(0));
    assertArrayEquals(new String[] {null, "a\\b\nc\r\b\f\u000b"}, r.get(1));
    assertArrayEquals(new String[] {"AA", ".q"}, r.get(2));
  }

  @Test
  void textEscapedDelimiterIsData() {
    assertArrayEquals(
        new String[] {"a\tb", "c"}, rows(CopyFormat.textFormat(), AB, "a\\\tb\tc\n").get(0));
  }

  @Test
  void textEndMarkerStopsTheDataAndCrLfEndsLines() {
    List<String[]> r = rows(CopyFormat.textFormat(), AB, "1\t2\r\n\\.\r\nignored\n");
    assertEquals(1, r.size());
    assertArrayEquals(new String[] {"1", "2"}, r.get(0));
  }

  @Test
  void lastLineWithoutNewlineCounts() {
    List<String[]> r = rows(CopyFormat.textFormat(), AB, "1\t2\n3\t4");
    assertEquals(2, r.size());
    assertArrayEquals(new String[] {"3", "4"}, r.get(1));
  }

  @Test
  void unicodeSurvivesByteWiseFeeding() {
    assertArrayEquals(
        new String[] {"héllo ✓", "日本"}, rows(CopyFormat.textFormat(), AB, "héllo ✓\t日本\n").get(0));
  }

  @Test
  void wrongColumnCountsAreBadCopyFormat() {
    PgException extra = error(CopyFormat.textFormat(), AB, "1\t2\t3\n");
    assertEquals("22P04", extra.error().state().code());
    assertEquals("extra data after last expected column", extra.error().message());
    PgException missing = error(CopyFormat.textFormat(), AB, "1\n");
    assertEquals("22P04", missing.error().state().code());
    assertEquals("missing data for column \"b\"", missing.error().message());
    assertEquals("line 1", missing.error().detail());
  }

  @Test
  void badUtf8AndNulBytesAreRefused() {
    CopyInParser p = new CopyInParser(CopyFormat.textFormat(), AB, 100);
    p.feed(new byte[] {'a', '\t', (byte) 0xC3, '\n'});
    assertEquals("22021", assertThrows(PgException.class, p::next).error().state().code());
    assertEquals("22021", error(CopyFormat.textFormat(), AB, "a\t\\000\n").error().state().code());
  }

  @Test
  void overlongLineIsRefused() {
    CopyInParser p = new CopyInParser(CopyFormat.textFormat(), AB, 16);
    p.feed("0123456789".getBytes(StandardCharsets.UTF_8));
    assertNull(p.next());
    p.feed("0123456789".getBytes(StandardCharsets.UTF_8));
    assertEquals("54000", assertThrows(PgException.class, p::next).error().state().code());
  }

  @Test
  void csvQuotesHoldDelimitersNewlinesAndDoubledQuotes() {
    List<String[]> r =
        rows(CopyFormat.csvFormat(), AB, "1,\"a,b\"\n\"multi\nline\",\"say \"\"hi\"\"\"\n,\"\"\n");
    assertEquals(3, r.size());
    assertArrayEquals(new String[] {"1", "a,b"}, r.get(0));
    assertArrayEquals(new String[] {"multi\nline", "say \"hi\""}, r.get(1));
    assertArrayEquals(new String[] {null, ""}, r.get(2));
  }

  @Test
  void csvHeaderIsSkippedEvenWithAQuotedNewline() {
    List<String[]> r = rows(CopyFormat.csvFormat().withHeader(true), AB, "\"a\nx\",b\r\n1,2\r\n");
    assertEquals(1, r.size());
    assertArrayEquals(new String[] {"1", "2"}, r.get(0));
  }

  @Test
  void csvWithOtherEscapeDelimiterAndNull() {
    CopyFormat f = CopyFormat.csvFormat().withDelimiter(';').withEscape('\\').withNull("NULL");
    List<String[]> r = rows(f, AB, "NULL;\"x\\\"y\\\\z\"\n\"NULL\";\n");
    assertArrayEquals(new String[] {null, "x\"y\\z"}, r.get(0));
    assertArrayEquals(new String[] {"NULL", ""}, r.get(1));
  }

  @Test
  void csvUnterminatedQuoteIsBadCopyFormat() {
    PgException e = error(CopyFormat.csvFormat(), AB, "1,\"open\n");
    assertEquals("22P04", e.error().state().code());
    assertEquals("unterminated CSV quoted field", e.error().message());
  }
}
