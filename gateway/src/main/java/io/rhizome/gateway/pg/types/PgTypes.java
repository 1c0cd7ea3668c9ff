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
    PgTypeCodec bool = new BoolType();
    PgTypeCodec int2 = new Int2Type();
    PgTypeCodec int4 = new Int4Type();
    PgTypeCodec int8 = new Int8Type();
    PgTypeCodec varchar = TextType.varchar();
    PgTypeCodec float4 = new Float4Type();
    PgTypeCodec float8 = new Float8Type();
    PgTypeCodec oid = OidType.forOid();
    PgTypeCodec name = TextLikeType.forName();
    PgTypeCodec chr = new CharType();
    for (PgTypeCodec c :
        List.of(
            bool,
            new ByteaType(),
            int2,
            int4,
            int8,
            TEXT,
            varchar,
            new JsonType(),
            float4,
            float8,
            new DateType(),
            TimestampType.withoutZone(),
            TimestampType.withZone(),
            new NumericType(),
            new UuidType(),
            // The catalog's types.
            oid,
            OidType.forXid(),
            name,
            chr,
            TextLikeType.pgNodeTree(),
            TextLikeType.regproc(),
            TextLikeType.inet(),
            TextLikeType.pgLsn(),
            TextLikeType.anyarray(),
            ArrayType.vector(PgType.INT2VECTOR, "int2vector", int2),
            ArrayType.vector(PgType.OIDVECTOR, "oidvector", oid),
            ArrayType.of(PgType.BOOL_ARRAY, "_bool", bool),
            ArrayType.of(PgType.CHAR_ARRAY, "_char", chr),
            ArrayType.of(PgType.NAME_ARRAY, "_name", name),
            ArrayType.of(PgType.INT2_ARRAY, "_int2", int2),
            ArrayType.of(PgType.INT4_ARRAY, "_int4", int4),
            ArrayType.of(PgType.INT8_ARRAY, "_int8", int8),
            ArrayType.of(PgType.TEXT_ARRAY, "_text", TEXT),
            ArrayType.of(PgType.VARCHAR_ARRAY, "_varchar", varchar),
            ArrayType.of(PgType.FLOAT4_ARRAY, "_float4", float4),
            ArrayType.of(PgType.FLOAT8_ARRAY, "_float8", float8),
            ArrayType.of(PgType.OID_ARRAY, "_oid", oid),
            ArrayType.of(PgType.ACLITEM_ARRAY, "_aclitem", TextLikeType.anyarray()))) {
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
