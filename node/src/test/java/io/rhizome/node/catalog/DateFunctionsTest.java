/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** date_trunc, date_part and to_char over Rhizome's text forms: PostgreSQL 15's answers. */
class DateFunctionsTest {
  @Test
  void truncatesKeepingTheKindOfValue() {
    assertEquals("2024-03-01 00:00:00", DateFunctions.trunc("month", "2024-03-15 10:20:30"));
    assertEquals("2024-01-01 00:00:00+00", DateFunctions.trunc("YEAR", "2024-03-15 10:20:30+00"));
    assertEquals("2024-03-15 08:00:00+00", DateFunctions.trunc("hour", "2024-03-15 10:20:30+02"));
    assertEquals("2024-03-11 00:00:00", DateFunctions.trunc("week", "2024-03-15 10:20:30.25"));
    assertEquals("2024-03-01 00:00:00+00", DateFunctions.trunc("month", "2024-03-15"));
    assertEquals("2024-03-15 10:20:30", DateFunctions.trunc("second", "2024-03-15 10:20:30.999"));
    assertThrows(
        IllegalArgumentException.class, () -> DateFunctions.trunc("fortnight", "2024-03-15"));
    assertThrows(IllegalArgumentException.class, () -> DateFunctions.trunc("day", "yesterday"));
  }

  @Test
  void addsIntervalsAsPostgres() {
    assertEquals("2024-02-01 10:00:00", DateFunctions.addInterval("2024-01-31 10:00", "1 day", 1));
    assertEquals("2024-02-29 00:00:00", DateFunctions.addInterval("2024-01-31", "1 mon", 1));
    assertEquals(
        "2024-01-31 08:30:00+00",
        DateFunctions.addInterval("2024-01-31 10:00:00+00", "01:30:00", -1));
    assertEquals(
        "2023-01-31 09:59:59.5",
        DateFunctions.addInterval("2024-01-31 10:00", "1 year 0.5 seconds ago", 1));
    assertEquals(
        "2024-02-07 12:00:00", DateFunctions.addInterval("2024-01-31", "1 week 12 hours", 1));
    assertThrows(
        IllegalArgumentException.class, () -> DateFunctions.addInterval("2024-01-31", "soon", 1));
  }

  @Test
  void partsAreNumbers() {
    assertEquals(2024L, DateFunctions.part("year", "2024-03-15"));
    assertEquals(3L, DateFunctions.part("month", "2024-03-15 10:20:30"));
    assertEquals(30.5, DateFunctions.part("second", "2024-03-15 10:20:30.5"));
    assertEquals(1704067200L, DateFunctions.part("epoch", "2024-01-01 00:00:00+00"));
    assertEquals(5L, DateFunctions.part("dow", "2024-03-15"));
    assertEquals(1L, DateFunctions.part("quarter", "2024-03-15"));
  }

  @Test
  void toCharFormatsCommonPatterns() {
    assertEquals(
        "2024-03-05 14:07:09",
        DateFunctions.toChar("2024-03-05 14:07:09", "YYYY-MM-DD HH24:MI:SS"));
    assertEquals("05 Mar 2024", DateFunctions.toChar("2024-03-05", "DD Mon YYYY"));
    assertEquals(
        "March     5, 02 PM", DateFunctions.toChar("2024-03-05 14:07", "Month FMDD, HH12 AM"));
    assertEquals("Tuesday 3/5", DateFunctions.toChar("2024-03-05", "FMDay FMMM/FMDD"));
  }
}
