/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it.orm;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;

/** An entity mapped onto JvmToolsIT's table authors. */
@Entity
@Table(name = "authors")
public class Author {
  @Id private Long id;

  @Column(nullable = false, unique = true)
  private String name;

  private LocalDate born;

  protected Author() {}

  public Author(Long id, String name, LocalDate born) {
    this.id = id;
    this.name = name;
    this.born = born;
  }

  public String name() {
    return name;
  }
}
