"""SQLAlchemy 1.4's ORM with the stock postgresql dialect (psycopg2), as an application uses it:
create_all, inserts that read their keys back with RETURNING, a relationship, ilike, updates,
deletes, drop_all. Prints one line per step; the test compares them."""
import sys

from sqlalchemy import (Boolean, Column, DateTime, ForeignKey, Integer, Numeric, String, Text,
                        create_engine, func, inspect, select)
from sqlalchemy.orm import Session, declarative_base, relationship

Base = declarative_base()


class Author(Base):
    __tablename__ = "orm_authors"
    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False, unique=True)
    active = Column(Boolean, nullable=False, server_default="true")
    joined = Column(DateTime(timezone=True), server_default=func.now())
    books = relationship("Book", back_populates="author", cascade="all, delete-orphan",
                         order_by="Book.id")


class Book(Base):
    __tablename__ = "orm_books"
    id = Column(Integer, primary_key=True)
    author_id = Column(Integer, ForeignKey("orm_authors.id", ondelete="CASCADE"), nullable=False,
                       index=True)
    title = Column(String(200), nullable=False)
    price = Column(Numeric(10, 2))
    notes = Column(Text)
    author = relationship("Author", back_populates="books")


engine = create_engine(sys.argv[1], future=True)
Base.metadata.create_all(engine)
print("tables", sorted(t for t in inspect(engine).get_table_names() if t.startswith("orm_")))

with Session(engine) as s:
    ann = Author(name="Ann", books=[Book(title="Dune Notes", price=9.5),
                                    Book(title="dusk", price=12)])
    bob = Author(name="Bob", books=[Book(title="Rain")])
    s.add_all([ann, bob])
    s.commit()
    print("ids", ann.id, bob.id, [b.id for b in ann.books], [b.id for b in bob.books])
    print("server defaults", ann.active, ann.joined is not None)

with Session(engine) as s:
    found = s.execute(select(Book.title).where(Book.title.ilike("du%")).order_by(Book.id))
    print("ilike", [t for (t,) in found])
    found = s.execute(select(Book.title).where(Book.title.notilike("du%")).order_by(Book.id))
    print("not ilike", [t for (t,) in found])
    ann = s.execute(select(Author).where(Author.name == "Ann")).scalar_one()
    print("relationship", ann.name, [b.title for b in ann.books])
    ann.books[0].price = 11
    s.commit()
    total = s.execute(select(func.sum(Book.price))).scalar_one()
    print("sum", float(total))
    s.delete(ann)
    s.commit()
    print("left", sorted(t for (t,) in s.execute(select(Book.title))))

Base.metadata.drop_all(engine)
print("after drop_all", sorted(t for t in inspect(engine).get_table_names()
                               if t.startswith("orm_")))
