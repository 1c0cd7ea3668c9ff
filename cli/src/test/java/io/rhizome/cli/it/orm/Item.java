/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it.orm;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An entity with an identity key, on the many side of {@link Shelf}'s one-to-many. */
@Entity
@Table(name = "item")
public class Item {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "shelf_id")
  private Shelf shelf;

  @Column(nullable = false)
  private String title;

  private int copies;

  protected Item() {}

  Item(Shelf shelf, String title, int copies) {
    this.shelf = shelf;
    this.title = title;
    this.copies = copies;
  }

  public Long id() {
    return id;
  }

  public String title() {
    return title;
  }

  public int copies() {
    return copies;
  }

  public void copies(int copies) {
    this.copies = copies;
  }
}
