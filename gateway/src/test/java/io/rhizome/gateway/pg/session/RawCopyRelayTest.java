/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyData;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyDone;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyFail;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relay between a session and a raw copy, with a recording session and copy. */
class RawCopyRelayTest {
  /** The session side: what went to the client, and whether the socket is writable. */
  private static final class Host implements CopyHost {
    final List<String> sent = new ArrayList<>();
    boolean writable = true;
    Runnable whenWritable;
    boolean reading;
    PgError finishedWith;
    boolean finished;

    @Override
    public ByteBufAllocator alloc() {
      return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    public void write(ByteBuf message) {
      char type = (char) message.getByte(0);
      sent.add(type == 'd' ? "d" + (message.readableBytes() - 5) : Character.toString(type));
      message.release();
    }

    @Override
    public void flush() {}

    @Override
    public void whenWritable(Runnable action) {
      if (writable) {
        action.run();
      } else {
        whenWritable = action;
      }
    }

    @Override
    public StatementBackend backend() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void awaitBackend() {
      reading = false;
    }

    @Override
    public void acceptCopyData() {
      reading = true;
    }

    @Override
    public void copyFinished(TxStatus status, PgError error) {
      finished = true;
      finishedWith = error;
    }
  }

  /** The copy side: records calls; the test plays its answers through the sink. */
  private static final class Copy implements RawCopy {
    final boolean fromClient;
    final List<String> calls = new ArrayList<>();
    Sink sink;

    Copy(boolean fromClient) {
      this.fromClient = fromClient;
    }

    @Override
    public boolean fromClient() {
      return fromClient;
    }

    @Override
    public void start(Sink sink) {
      this.sink = sink;
      calls.add("start");
    }

    @Override
    public void request() {
      calls.add("request");
    }

    @Override
    public void data(byte[] chunk) {
      calls.add("data " + chunk.length);
    }

    @Override
    public void done() {
      calls.add("done");
    }

    @Override
    public void abort() {
      calls.add("abort");
    }
  }

  @Test
  void copyOutAsksForTheNextChunkOnlyWhenTheClientCanTakeIt() {
    Host host = new Host();
    Copy copy = new Copy(false);
    RawCopyRelay relay = new RawCopyRelay(host, copy);
    relay.start();
    assertEquals(List.of("start", "request"), copy.calls);
    host.writable = false;
    copy.sink.data(ByteString.copyFrom(new byte[10]));
    assertEquals(List.of("start", "request"), copy.calls, "no request while not writable");
    host.writable = true;
    host.whenWritable.run();
    copy.sink.data(ByteString.copyFrom(new byte[3]));
    copy.sink.complete("COPY 13");
    assertEquals(List.of("start", "request", "request", "request"), copy.calls);
    assertEquals(List.of("H", "d10", "d3", "c", "C"), host.sent);
    assertNull(host.finishedWith);
  }

  @Test
  void copyOutThatFailsBeforeItsFirstChunkIsAPlainError() {
    Host host = new Host();
    Copy copy = new Copy(false);
    new RawCopyRelay(host, copy).start();
    copy.sink.fail(PgError.error(SqlState.INVALID_CATALOG_NAME, "no such tenant"));
    assertEquals(List.of(), host.sent);
    assertEquals(SqlState.INVALID_CATALOG_NAME, host.finishedWith.state());
  }

  @Test
  void copyInReadsTheNextChunkOnlyWhenTheCopyTakesIt() {
    Host host = new Host();
    Copy copy = new Copy(true);
    RawCopyRelay relay = new RawCopyRelay(host, copy);
    relay.start();
    assertEquals(List.of(), host.sent, "no CopyInResponse before the copy is ready");
    copy.sink.readMore();
    assertEquals(List.of("G"), host.sent);
    relay.onClientMessage(new CopyData(new byte[7]));
    assertEquals(false, host.reading, "reads pause until the copy takes more");
    copy.sink.readMore();
    assertEquals(true, host.reading);
    relay.onClientMessage(new CopyDone());
    assertEquals(List.of("start", "data 7", "done"), copy.calls);
    copy.sink.complete("COPY 7");
    assertEquals(List.of("G", "C"), host.sent);
    assertEquals(true, host.finished);
    assertNull(host.finishedWith);
  }

  @Test
  void copyInFailureDiscardsTheClientsDataUntilCopyDoneThenReportsIt() {
    Host host = new Host();
    Copy copy = new Copy(true);
    RawCopyRelay relay = new RawCopyRelay(host, copy);
    relay.start();
    copy.sink.readMore();
    relay.onClientMessage(new CopyData(new byte[7]));
    copy.sink.fail(PgError.error(SqlState.DISK_FULL, "too large"));
    assertEquals(false, host.finished);
    relay.onClientMessage(new CopyData(new byte[5]));
    relay.onClientMessage(new CopyDone());
    assertEquals(List.of("start", "data 7"), copy.calls);
    assertEquals(SqlState.DISK_FULL, host.finishedWith.state());
  }

  @Test
  void copyFailAbortsTheCopyWithQueryCanceled() {
    Host host = new Host();
    Copy copy = new Copy(true);
    RawCopyRelay relay = new RawCopyRelay(host, copy);
    relay.start();
    copy.sink.readMore();
    relay.onClientMessage(new CopyFail("changed my mind"));
    assertEquals(List.of("start", "abort"), copy.calls);
    assertEquals(SqlState.QUERY_CANCELED, host.finishedWith.state());
    copy.sink.complete("COPY 0");
    assertEquals(List.of("G"), host.sent, "nothing after the copy is over");
  }
}
