/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it.orm;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * An entity whose key comes from a sequence (Hibernate's {@code shelf_seq}, increment 50), with a
 * one-to-many of {@link Item}s; Hibernate creates its table ({@code hbm2ddl.auto=create}).
 */
@Entity
@Table(name = "shelf")
public class Shelf {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  private Long id;

  @Column(nullable = false, unique = true, length = 40)
  private String name;

  @OneToMany(mappedBy = "shelf", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("title")
  private List<Item> items = new ArrayList<>();

  protected Shelf() {}

  public Shelf(String name) {
    this.name = name;
  }

  /** Adds an item to the shelf (both sides of the association). */
  public Item add(String title, int copies) {
    Item item = new Item(this, title, copies);
    items.add(item);
    return item;
  }

  public Long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public List<Item> items() {
    return items;
  }
}
