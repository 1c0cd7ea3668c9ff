/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of wire types, keyed by the {@link PgType} the node reports for a column. A type the
 * gateway does not know (unspecified, or a number newer than this build) is sent as text, which
 * every client can read.
 */
public final class PgTypes {
  private static final PgTypeCodec TEXT = TextType.text();
  private static final Map<PgType, PgTypeCodec> BY_TYPE = new EnumMap<>(PgType.class);

  static {
    for (PgTypeCodec c :
        List.of(
            new BoolType(),
            new ByteaType(),
            new Int2Type(),
            new Int4Type(),
            new Int8Type(),
            TEXT,
            TextType.varchar(),
            new JsonType(),
            new Float4Type(),
            new Float8Type(),
            new DateType(),
            TimestampType.withoutZone(),
            TimestampType.withZone(),
            new NumericType(),
            new UuidType())) {
      BY_TYPE.put(c.type(), c);
    }
  }

  private PgTypes() {}

  /** The codec for a column type; text for unknown types. */
  public static PgTypeCodec forType(PgType type) {
    return BY_TYPE.getOrDefault(type, TEXT);
  }

  /** The codec of a type OID, if the gateway knows the type. */
  public static Optional<PgTypeCodec> forOid(int oid) {
    PgType type = PgType.forNumber(oid);
    return Optional.ofNullable(type == null ? null : BY_TYPE.get(type));
  }

  /** The text codec (for values with no known column type). */
  public static PgTypeCodec text() {
    return TEXT;
  }
}
