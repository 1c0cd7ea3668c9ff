/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.proto.PgType;

/** The node's types table ({@link PgTypes}) as seen from outside a statement: by declaration. */
public final class DeclaredTypes {
  private DeclaredTypes() {}

  /**
   * The Postgres type OID of a column declared {@code declaredType} (text when the declaration
   * names no type, as for a column whose values are not known).
   */
  public static int oid(String declaredType) {
    PgType type = PgTypes.fromDeclared(declaredType);
    return (type == PgType.PG_TYPE_UNSPECIFIED ? PgType.TEXT : type).getNumber();
  }
}
