/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it.orm;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** An entity mapped onto JvmToolsIT's table books. */
@Entity
@Table(name = "books")
public class Book {
  @Id private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "author_id")
  private Author author;

  @Column(nullable = false)
  private String title;

  @Column(precision = 10, scale = 2)
  private BigDecimal price;

  private Boolean published;

  protected Book() {}

  public Book(Long id, Author author, String title, BigDecimal price, Boolean published) {
    this.id = id;
    this.author = author;
    this.title = title;
    this.price = price;
    this.published = published;
  }

  public Author author() {
    return author;
  }

  public BigDecimal price() {
    return price;
  }
}
