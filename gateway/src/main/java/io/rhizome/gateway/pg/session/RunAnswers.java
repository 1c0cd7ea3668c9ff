/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.netty.buffer.ByteBufAllocator;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.codec.Severity;
import io.rhizome.proto.RowDescription;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;

/**
 * The backend's answers to the extended-query request in flight, turned into Postgres messages for
 * the step each answers. Every step is answered in order; after an error the backend skips the
 * rest, and their changes to the statement registry are undone.
 */
final class RunAnswers {

  /** What a step sent to the backend was. */
  enum Kind {
    PARSE,
    BIND,
    DESCRIBE_STATEMENT,
    DESCRIBE_PORTAL,
    EXECUTE,
    CLOSE,
    /** A Close the gateway sends on its own (DISCARD ALL): its answer is not the client's. */
    CLOSE_QUIETLY
  }

  /**
   * A step sent to the backend and not answered yet.
   *
   * @param portal the portal a Describe or Execute is about (its rows' encoder lives there)
   * @param undo reverts the step's change to the registry, should the backend skip the step
   */
  record Pending(Kind kind, ClientPortal portal, Runnable undo) {
    static Pending of(Kind kind) {
      return new Pending(kind, null, () -> {});
    }
  }

  /** How the request ended. */
  enum Outcome {
    /** Not finished yet. */
    RUNNING,
    /** Every step answered. */
    DONE,
    /** The backend reported an error; the steps after it were skipped. */
    BACKEND_FAILED,
    /**
     * The gateway failed a step after the backend had answered it (a value the client's format
     * cannot carry); the backend ran the rest, the client saw none of it.
     */
    GATEWAY_FAILED
  }

  private final ExtendedProtocol.Host host;
  private final Deque<Pending> inFlight = new ArrayDeque<>();
  private Outcome failure;

  RunAnswers(ExtendedProtocol.Host host) {
    this.host = host;
  }

  /** A request was sent with these steps. */
  void start(Collection<Pending> steps) {
    inFlight.clear();
    inFlight.addAll(steps);
    failure = null;
  }

  /**
   * Handles one response; a Ready ends the request.
   *
   * @throws PgException (FATAL) when the backend answers out of turn
   */
  Outcome onResponse(SessionResponse response) {
    if (response.hasReady()) {
      if (!inFlight.isEmpty()) {
        // Every step is answered, or skipped after an error (and then undone), before Ready.
        throw outOfTurn(response);
      }
      return failure == null ? Outcome.DONE : failure;
    }
    if (failure != null) {
      return Outcome.RUNNING; // discarding the rest of a failed run
    }
    if (response.hasError()) {
      host.write(
          BackendMessages.errorResponse(host.alloc(), ResponseWriter.error(response.getError())));
      failure = Outcome.BACKEND_FAILED;
      while (!inFlight.isEmpty()) {
        inFlight.pollLast().undo().run();
      }
      return Outcome.RUNNING;
    }
    Pending step = inFlight.peek();
    if (step == null) {
      throw outOfTurn(response);
    }
    try {
      answer(step, response);
    } catch (PgException e) {
      if (e.error().severity() != Severity.ERROR) {
        throw e;
      }
      // A value the client's format cannot carry: the client gets the error; the rest of the run
      // ran on the backend (its registry changes stand, so both sides agree) but is not shown.
      host.write(BackendMessages.errorResponse(host.alloc(), e.error()));
      failure = Outcome.GATEWAY_FAILED;
      inFlight.clear();
    }
    return Outcome.RUNNING;
  }

  private void answer(Pending step, SessionResponse response) {
    ByteBufAllocator alloc = host.alloc();
    switch (response.getKindCase()) {
      case PARSE_COMPLETE -> {
        expect(step, Kind.PARSE, response);
        host.write(BackendMessages.parseComplete());
        inFlight.poll();
      }
      case BIND_COMPLETE -> {
        expect(step, Kind.BIND, response);
        host.write(BackendMessages.bindComplete());
        inFlight.poll();
      }
      case CLOSE_COMPLETE -> {
        if (step.kind() == Kind.CLOSE) {
          host.write(BackendMessages.closeComplete());
        } else {
          expect(step, Kind.CLOSE_QUIETLY, response);
        }
        inFlight.poll();
      }
      case PARAMETER_DESCRIPTION -> {
        expect(step, Kind.DESCRIBE_STATEMENT, response);
        host.write(
            BackendMessages.parameterDescription(
                alloc, response.getParameterDescription().getTypeOidsList()));
      }
      case NO_DATA -> {
        if (step.kind() != Kind.DESCRIBE_STATEMENT && step.kind() != Kind.DESCRIBE_PORTAL) {
          throw outOfTurn(response);
        }
        host.write(BackendMessages.noData());
        inFlight.poll();
      }
      case ROW_DESCRIPTION -> {
        RowDescription columns = response.getRowDescription();
        switch (step.kind()) {
          case DESCRIBE_STATEMENT -> {
            // A statement's formats are not chosen yet: Postgres describes them as text.
            host.write(RowEncoder.text(columns.getColumnsList()).rowDescription(alloc));
            inFlight.poll();
          }
          case DESCRIBE_PORTAL -> {
            host.write(encoderFor(step.portal(), columns).rowDescription(alloc));
            inFlight.poll();
          }
          case EXECUTE -> encoderFor(step.portal(), columns);
          default -> throw outOfTurn(response);
        }
      }
      case ROWS -> {
        expect(step, Kind.EXECUTE, response);
        RowEncoder encoder = step.portal().encoder();
        if (encoder == null) {
          throw outOfTurn(response);
        }
        host.write(encoder.dataRows(alloc, response.getRows()));
      }
      case COMMAND_COMPLETE -> {
        expect(step, Kind.EXECUTE, response);
        host.write(BackendMessages.commandComplete(alloc, response.getCommandComplete().getTag()));
        inFlight.poll();
      }
      case PORTAL_SUSPENDED -> {
        expect(step, Kind.EXECUTE, response);
        host.write(BackendMessages.portalSuspended());
        inFlight.poll();
      }
      case EMPTY_QUERY -> {
        expect(step, Kind.EXECUTE, response);
        host.write(BackendMessages.emptyQueryResponse());
        inFlight.poll();
      }
      default -> throw outOfTurn(response);
    }
  }

  private static RowEncoder encoderFor(ClientPortal portal, RowDescription columns) {
    RowEncoder encoder = RowEncoder.of(columns.getColumnsList(), portal.resultFormats());
    portal.encoder(encoder);
    return encoder;
  }

  private static void expect(Pending step, Kind kind, SessionResponse response) {
    if (step.kind() != kind) {
      throw outOfTurn(response);
    }
  }

  private static PgException outOfTurn(SessionResponse response) {
    return PgException.fatal(
        SqlState.CONNECTION_FAILURE,
        "unexpected " + response.getKindCase() + " from the node in an extended query");
  }
}
