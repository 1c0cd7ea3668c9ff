/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.proto;

import java.nio.charset.StandardCharsets;

/**
 * Every SQLSTATE Rhizome sends, in one place. Node and gateway both speak these; the wire carries
 * the five-character code.
 */
public enum SqlState {
  SUCCESSFUL_COMPLETION("00000"),
  CONNECTION_EXCEPTION("08000"),
  CONNECTION_FAILURE("08006"),
  PROTOCOL_VIOLATION("08P01"),
  FEATURE_NOT_SUPPORTED("0A000"),
  INVALID_PARAMETER_VALUE("22023"),
  DATA_EXCEPTION("22000"),
  CHARACTER_NOT_IN_REPERTOIRE("22021"),
  NUMERIC_VALUE_OUT_OF_RANGE("22003"),
  INVALID_TEXT_REPRESENTATION("22P02"),
  INVALID_BINARY_REPRESENTATION("22P03"),
  BAD_COPY_FILE_FORMAT("22P04"),
  INVALID_DATETIME_FORMAT("22007"),
  DATETIME_FIELD_OVERFLOW("22008"),
  INTEGRITY_CONSTRAINT_VIOLATION("23000"),
  NOT_NULL_VIOLATION("23502"),
  FOREIGN_KEY_VIOLATION("23503"),
  UNIQUE_VIOLATION("23505"),
  CHECK_VIOLATION("23514"),
  ACTIVE_SQL_TRANSACTION("25001"),
  NO_ACTIVE_SQL_TRANSACTION("25P01"),
  IN_FAILED_SQL_TRANSACTION("25P02"),
  INVALID_SQL_STATEMENT_NAME("26000"),
  READ_ONLY_SQL_TRANSACTION("25006"),
  INVALID_AUTHORIZATION_SPECIFICATION("28000"),
  INVALID_PASSWORD("28P01"),
  INVALID_CURSOR_NAME("34000"),
  INVALID_CATALOG_NAME("3D000"),
  SERIALIZATION_FAILURE("40001"),
  /** A commit whose outcome the server cannot tell (its replicas could not confirm it). */
  STATEMENT_COMPLETION_UNKNOWN("40003"),
  SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION("42000"),
  SYNTAX_ERROR("42601"),
  INSUFFICIENT_PRIVILEGE("42501"),
  UNDEFINED_COLUMN("42703"),
  UNDEFINED_TABLE("42P01"),
  UNDEFINED_FUNCTION("42883"),
  UNDEFINED_OBJECT("42704"),
  DUPLICATE_TABLE("42P07"),
  DUPLICATE_OBJECT("42710"),
  DUPLICATE_DATABASE("42P04"),
  DUPLICATE_CURSOR("42P03"),
  DUPLICATE_PREPARED_STATEMENT("42P05"),
  INVALID_NAME("42602"),
  DATATYPE_MISMATCH("42804"),
  INSUFFICIENT_RESOURCES("53000"),
  TOO_MANY_CONNECTIONS("53300"),
  CONFIGURATION_LIMIT_EXCEEDED("53400"),
  DISK_FULL("53100"),
  OUT_OF_MEMORY("53200"),
  PROGRAM_LIMIT_EXCEEDED("54000"),
  OBJECT_NOT_IN_PREREQUISITE_STATE("55000"),
  OBJECT_IN_USE("55006"),
  CANT_CHANGE_RUNTIME_PARAM("55P02"),
  LOCK_NOT_AVAILABLE("55P03"),
  QUERY_CANCELED("57014"),
  ADMIN_SHUTDOWN("57P01"),
  CANNOT_CONNECT_NOW("57P03"),
  IDLE_SESSION_TIMEOUT("57P05"),
  IO_ERROR("58030"),
  INTERNAL_ERROR("XX000"),
  DATA_CORRUPTED("XX001");

  private final String code;
  private final byte[] bytes;

  SqlState(String code) {
    this.code = code;
    this.bytes = code.getBytes(StandardCharsets.US_ASCII);
  }

  /** The five-character SQLSTATE. */
  public String code() {
    return code;
  }

  /** The code as ASCII bytes, cached for the wire. */
  public byte[] codeBytes() {
    return bytes.clone();
  }

  /** Finds the state for a code, or {@link #INTERNAL_ERROR} when the code is unknown. */
  public static SqlState fromCode(String code) {
    for (SqlState s : values()) {
      if (s.code.equals(code)) {
        return s;
      }
    }
    return INTERNAL_ERROR;
  }
}
