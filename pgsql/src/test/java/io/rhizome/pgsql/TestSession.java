/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A session for translations in tests: user app on database acme, a few settings. */
public final class TestSession implements SessionContext {
  private final Map<String, String> settings =
      Map.of("search_path", "\"$user\", public", "max_index_keys", "32", "timezone", "UTC");

  @Override
  public String user() {
    return "app";
  }

  @Override
  public String database() {
    return "acme";
  }

  @Override
  public int backendPid() {
    return 4242;
  }

  @Override
  public String versionString() {
    return "PostgreSQL 15.0 on Rhizome";
  }

  @Override
  public String setting(String name) {
    return settingIfExists(name)
        .orElseThrow(
            () ->
                new SqlException(
                    SqlException.Reason.UNDEFINED_OBJECT,
                    "unrecognized configuration parameter \"" + name + "\""));
  }

  @Override
  public Optional<String> settingIfExists(String name) {
    return Optional.ofNullable(settings.get(name));
  }

  @Override
  public List<SettingRow> settings() {
    return List.of(
        new SettingRow(
            "max_index_keys",
            "32",
            null,
            "Preset Options",
            "Maximum number of index keys.",
            "internal",
            "integer",
            "default",
            "32",
            "32"),
        new SettingRow(
            "search_path",
            "\"$user\", public",
            null,
            "Client Connection Defaults",
            "Schema search order.",
            "user",
            "string",
            "default",
            "\"$user\", public",
            "\"$user\", public"));
  }
}
