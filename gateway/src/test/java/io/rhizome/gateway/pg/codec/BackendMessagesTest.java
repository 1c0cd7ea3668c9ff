/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendMessagesTest {
  private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

  /** Hex of the buffer's readable bytes; releases it. */
  private static String hex(ByteBuf b) {
    try {
      return ByteBufUtil.hexDump(b);
    } finally {
      b.release();
    }
  }

  @Test
  void writesAnIntegerColumnAsItsDecimalText() {
    java.util.Random random = new java.util.Random(7);
    List<Long> values = new java.util.ArrayList<>(List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE));
    for (long power = 1; power > 0 && power <= Long.MAX_VALUE / 10; power *= 10) {
      values.addAll(List.of(power, power - 1, -power, 1 - power, power * 10 - 1));
    }
    for (int i = 0; i < 10_000; i++) {
      values.add(random.nextLong() >> random.nextInt(64));
    }
    for (long value : values) {
      ByteBuf out = alloc.buffer();
      out.writeByte('x'); // not at the buffer's start
      BackendMessages.writeDecimalColumn(out, value);
      ByteBuf expected = alloc.buffer();
      expected.writeByte('x');
      BackendMessages.writeTextColumn(expected, Long.toString(value));
      assertEquals(hex(expected), hex(out), Long.toString(value));
    }
  }

  @Test
  void encodesCopyResponsesDataAndDone() {
    // 'G', len 4+1+2+2*2, text overall, 2 columns, each text
    assertEquals(
        "470000000b" + "00" + "0002" + "0000" + "0000",
        hex(BackendMessages.copyInResponse(ByteBufAllocator.DEFAULT, 0, 2)));
    assertEquals(
        "4800000009" + "01" + "0001" + "0001",
        hex(BackendMessages.copyOutResponse(ByteBufAllocator.DEFAULT, 1, 1)));
    byte[] data = {'x', 'a', 'b', 'y'};
    assertEquals(
        "6400000006" + "6162", hex(BackendMessages.copyData(ByteBufAllocator.DEFAULT, data, 1, 2)));
    assertEquals("6300000004", hex(BackendMessages.copyDone()));
  }

  @Test
  void writesFixedMessages() {
    assertEquals("4e", hex(BackendMessages.encryptionRefused()));
    assertEquals("520000000800000000", hex(BackendMessages.authenticationOk()));
    assertEquals("4900000004", hex(BackendMessages.emptyQueryResponse()));
    assertEquals("5a0000000549", hex(BackendMessages.readyForQuery(TxStatus.IDLE)));
    assertEquals("5a0000000554", hex(BackendMessages.readyForQuery(TxStatus.IN_TRANSACTION)));
    assertEquals("5a0000000545", hex(BackendMessages.readyForQuery(TxStatus.FAILED)));
  }

  @Test
  void writesFixedExtendedQueryMessages() {
    assertEquals("3100000004", hex(BackendMessages.parseComplete()));
    assertEquals("3200000004", hex(BackendMessages.bindComplete()));
    assertEquals("3300000004", hex(BackendMessages.closeComplete()));
    assertEquals("6e00000004", hex(BackendMessages.noData()));
    assertEquals("7300000004", hex(BackendMessages.portalSuspended()));
  }

  @Test
  void writesParameterDescription() {
    // 't', len 4+2+4*3, three OIDs: int4, text, an OID above 2^31 (OIDs are unsigned)
    assertEquals(
        "74" + "00000012" + "0003" + "00000017" + "00000019" + "80000001",
        hex(BackendMessages.parameterDescription(alloc, List.of(23, 25, 0x80000001))));
    assertEquals(
        "74" + "00000006" + "0000", hex(BackendMessages.parameterDescription(alloc, List.of())));
  }

  @Test
  void writesRowDescriptionWithBinaryFormat() {
    ByteBuf b =
        BackendMessages.rowDescription(
            alloc,
            List.of(
                new BackendMessages.Field("a", 23, (short) 4, 1),
                new BackendMessages.Field("b", 25, (short) -1, 0)));
    assertEquals(
        "54"
            + "0000002e" // length 46
            + "0002"
            + "6100"
            + "00000000"
            + "0000"
            + "00000017"
            + "0004"
            + "ffffffff"
            + "0001"
            + "6200"
            + "00000000"
            + "0000"
            + "00000019"
            + "ffff"
            + "ffffffff"
            + "0000",
        hex(b));
  }

  @Test
  void writesADataRowColumnOfBackPatchedLength() {
    ByteBuf b = alloc.buffer();
    int start = BackendMessages.beginDataRow(b, 1);
    int column = BackendMessages.beginColumn(b);
    b.writeLong(7);
    BackendMessages.endColumn(b, column);
    BackendMessages.end(b, start);
    assertEquals("44" + "00000012" + "0001" + "00000008" + "0000000000000007", hex(b));
  }

  @Test
  void writesAuthenticationSaslWithMechanismList() {
    // 'R', len 23, code 10, "SCRAM-SHA-256\0", "\0"
    assertEquals(
        "52" + "00000017" + "0000000a" + "534352414d2d5348412d32353600" + "00",
        hex(BackendMessages.authenticationSasl(alloc, List.of("SCRAM-SHA-256"))));
  }

  @Test
  void writesSaslContinueAndFinalWithRawData() {
    assertEquals(
        "52" + "0000000b" + "0000000b" + "723d78",
        hex(BackendMessages.authenticationSaslContinue(alloc, new byte[] {'r', '=', 'x'})));
    assertEquals(
        "52" + "0000000a" + "0000000c" + "763d",
        hex(BackendMessages.authenticationSaslFinal(alloc, new byte[] {'v', '='})));
  }

  @Test
  void writesParameterStatus() {
    // 'S', len 4+9+4, "TimeZone\0", "UTC\0"
    assertEquals(
        "53" + "00000011" + "54696d655a6f6e6500" + "55544300",
        hex(BackendMessages.parameterStatus(alloc, "TimeZone", "UTC")));
  }

  @Test
  void writesBackendKeyData() {
    assertEquals(
        "4b" + "0000000c" + "0000002a" + "ffffffff",
        hex(BackendMessages.backendKeyData(alloc, 42, -1)));
  }

  @Test
  void writesCommandComplete() {
    assertEquals(
        "43" + "0000000f" + "494e5345525420302031" + "00",
        hex(BackendMessages.commandComplete(alloc, "INSERT 0 1")));
  }

  @Test
  void writesNegotiateProtocolVersion() {
    assertEquals(
        "76" + "00000013" + "00030000" + "00000001" + "5f70715f2e7800",
        hex(BackendMessages.negotiateProtocolVersion(alloc, 0, List.of("_pq_.x"))));
  }

  @Test
  void writesRowDescription() {
    ByteBuf b =
        BackendMessages.rowDescription(
            alloc, List.of(new BackendMessages.Field("id", 20, (short) 8)));
    assertEquals(
        "54"
            + "0000001b" // length 27
            + "0001" // one field
            + "696400" // "id"
            + "00000000" // table OID
            + "0000" // attnum
            + "00000014" // int8
            + "0008" // typlen
            + "ffffffff" // typmod
            + "0000", // text
        hex(b));
  }

  @Test
  void writesDataRowWithNullAndUtf8() {
    ByteBuf b = alloc.buffer();
    int start = BackendMessages.beginDataRow(b, 2);
    BackendMessages.writeNullColumn(b);
    BackendMessages.writeTextColumn(b, "é");
    BackendMessages.end(b, start);
    assertEquals("44" + "00000010" + "0002" + "ffffffff" + "00000002" + "c3a9", hex(b));
  }

  @Test
  void writesErrorResponseWithNonLocalizedSeverityDetailAndHint() {
    PgError error =
        PgError.error(SqlState.UNDEFINED_TABLE, "no such table: t").withDetail("d").withHint("h");
    assertEquals(
        "45"
            + "00000032"
            + "534552524f5200" // S ERROR
            + "564552524f5200" // V ERROR
            + "433432503031"
            + "00" // C 42P01
            + "4d6e6f2073756368207461626c653a207400" // M
            + "446400" // D d
            + "486800" // H h
            + "00",
        hex(BackendMessages.errorResponse(alloc, error)));
  }

  @Test
  void omitsAbsentDetailAndHint() {
    ByteBuf b = BackendMessages.errorResponse(alloc, PgError.fatal(SqlState.INVALID_PASSWORD, "x"));
    assertEquals(
        "45"
            + "0000001d"
            + "53464154414c00"
            + "56464154414c00"
            + "43323850303100"
            + "4d7800"
            + "00",
        hex(b));
  }
}
