"""SQLAlchemy 1.4 with the stock postgresql dialect (psycopg2) and sequences: a primary key drawn
from an explicit Sequence, an identity column that is not the key, next_value(), and create_all /
drop_all twice (drop_all drops the sequence only if has_sequence finds it). Prints one line per
step; the test compares them."""
import sys

from sqlalchemy import Column, Identity, Integer, Sequence, String, create_engine, inspect, select
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()
ticket_seq = Sequence("orm_ticket_seq", start=100, increment=10)


class Ticket(Base):
    __tablename__ = "orm_tickets"
    id = Column(Integer, ticket_seq, primary_key=True)
    code = Column(String(20), nullable=False)
    serial_no = Column(Integer, Identity())


engine = create_engine(sys.argv[1], future=True)
for round_no in (1, 2):
    Base.metadata.create_all(engine)
    with engine.connect() as c:
        print(round_no, "has_sequence", engine.dialect.has_sequence(c, "orm_ticket_seq"))
    with Session(engine) as s:
        tickets = [Ticket(code="a"), Ticket(code="b")]
        s.add_all(tickets)
        s.commit()
        print(round_no, "ids", [t.id for t in tickets])
        print(round_no, "identity", [n for (n,) in s.execute(
            select(Ticket.serial_no).order_by(Ticket.id))])
        print(round_no, "next_value", s.execute(ticket_seq.next_value()).scalar_one())
    Base.metadata.drop_all(engine)
    with engine.connect() as c:
        print(round_no, "after drop_all", engine.dialect.has_sequence(c, "orm_ticket_seq"),
              [t for t in inspect(c).get_table_names() if t.startswith("orm_")])
