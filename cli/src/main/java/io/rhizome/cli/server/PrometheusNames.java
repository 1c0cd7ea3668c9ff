/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes the meters of Micrometer's own binders pass {@code promtool check metrics}: label names in
 * snake_case (the gRPC binders use {@code statusCode}, {@code methodType}), a help text on every
 * family, no {@code _count} suffix on a gauge, no abbreviated unit (the process CPU time in
 * nanoseconds is dropped: {@code process_cpu_usage} says the same).
 */
final class PrometheusNames implements MeterFilter {

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    return id.getName().equals("process.cpu.time")
        ? MeterFilterReply.DENY
        : MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    String name = id.getName().equals("system.cpu.count") ? "system.cpus" : id.getName();
    List<Tag> tags = new ArrayList<>();
    boolean renamed = !name.equals(id.getName());
    for (Tag tag : id.getTagsAsIterable()) {
      String key = snakeCase(tag.getKey());
      renamed |= !key.equals(tag.getKey());
      tags.add(Tag.of(key, tag.getValue()));
    }
    String description = id.getDescription();
    if (description == null || description.isBlank()) {
      description = "Micrometer's " + id.getName();
      renamed = true;
    }
    if (!renamed) {
      return id;
    }
    return new Meter.Id(name, Tags.of(tags), id.getBaseUnit(), description, id.getType());
  }

  static String snakeCase(String key) {
    StringBuilder out = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
