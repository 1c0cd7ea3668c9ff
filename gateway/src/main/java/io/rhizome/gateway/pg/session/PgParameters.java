/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run-time parameters PostgreSQL 15 knows ({@code pg_settings}), as {@code
 * gateway/tools/extract-pg-settings.sh} read them off a real server: a parameter a client names
 * that is not one of these (and has no dot, as custom parameters do) is unknown, as in Postgres.
 */
final class PgParameters {
  /**
   * One parameter.
   *
   * @param name its name as Postgres displays it ({@code DateStyle})
   * @param context when it may be set: user, superuser, backend, superuser-backend, sighup,
   *     postmaster, internal
   * @param vartype bool, integer, real, string or enum
   * @param enumvals the values of an enum
   * @param boot its built-in default, or null for one only a superuser may see
   */
  record Parameter(
      String name,
      String unit,
      String category,
      String description,
      String context,
      String vartype,
      List<String> enumvals,
      String min,
      String max,
      String boot) {

    /** Whether a session may change it with SET. */
    boolean settable() {
      return context.equals("user") || context.equals("superuser");
    }
  }

  private static final Map<String, Parameter> BY_NAME = load();

  private PgParameters() {}

  /** The parameter named {@code name} (any case), or null. */
  static Parameter find(String name) {
    return BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }

  /** Every parameter, by name. */
  static Collection<Parameter> all() {
    return BY_NAME.values();
  }

  private static Map<String, Parameter> load() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    try (InputStream in = PgParameters.class.getResourceAsStream("pg15-settings.tsv")) {
      if (in == null) {
        throw new IllegalStateException("missing resource pg15-settings.tsv");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      r.readLine(); // header
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split("\t", -1);
        Parameter p =
            new Parameter(
                f[0],
                nul(f[1]),
                nul(f[2]),
                nul(f[3]),
                f[4],
                f[5],
                f[6].equals("\\N") ? List.of() : List.of(f[6].split(",")),
                nul(f[7]),
                nul(f[8]),
                nul(f[9]));
        out.put(f[0].toLowerCase(Locale.ROOT), p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Collections.unmodifiableMap(out);
  }

  private static String nul(String field) {
    return field.equals("\\N") ? null : field.replace("\\t", "\t").replace("\\\\", "\\");
  }
}
