/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyOutEncoderTest {

  private static String line(CopyFormat f, String... values) {
    return new String(new CopyOutEncoder(f).row(Arrays.asList(values)), StandardCharsets.UTF_8);
  }

  @Test
  void textEscapesSpecialCharactersAndWritesNulls() {
    assertEquals(
        "a\\tb\t\\N\tx\\\\y\\nz\\r\n", line(CopyFormat.textFormat(), "a\tb", null, "x\\y\nz\r"));
    assertEquals("a\\|b|c\n", line(CopyFormat.textFormat().withDelimiter('|'), "a|b", "c"));
  }

  @Test
  void csvQuotesOnlyWhatNeedsIt() {
    assertEquals(
        "plain,,\"\",\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"\\.\"\n",
        line(CopyFormat.csvFormat(), "plain", null, "", "a,b", "say \"hi\"", "two\nlines", "\\."));
  }

  @Test
  void csvRoundTripsThroughTheParser() {
    CopyFormat f = CopyFormat.csvFormat();
    List<String> values = Arrays.asList("x,\"y\"\n", null, "", "ünï");
    byte[] bytes = new CopyOutEncoder(f).row(values);
    CopyInParser p = new CopyInParser(f, List.of("a", "b", "c", "d"), 1024);
    p.feed(bytes);
    assertArrayEquals(values.toArray(), p.next());
  }

  @Test
  void textRoundTripsThroughTheParser() {
    CopyFormat f = CopyFormat.textFormat();
    List<String> values = Arrays.asList("tab\there", null, "back\\slash\r\n", "\\N");
    CopyInParser p = new CopyInParser(f, List.of("a", "b", "c", "d"), 1024);
    p.feed(new CopyOutEncoder(f).row(values));
    assertArrayEquals(values.toArray(), p.next());
  }
}
