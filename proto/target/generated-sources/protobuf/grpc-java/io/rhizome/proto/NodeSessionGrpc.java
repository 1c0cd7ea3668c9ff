package io.rhizome.proto;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * ---------------------------------------------------------------------------
 * Node session stream: one bidirectional stream per client session.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class NodeSessionGrpc {

  private NodeSessionGrpc() {}

  public static final java.lang.String SERVICE_NAME = "rhizome.v1.NodeSession";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.rhizome.proto.SessionRequest,
      io.rhizome.proto.SessionResponse> getSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Session",
      requestType = io.rhizome.proto.SessionRequest.class,
      responseType = io.rhizome.proto.SessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
  public static io.grpc.MethodDescriptor<io.rhizome.proto.SessionRequest,
      io.rhizome.proto.SessionResponse> getSessionMethod() {
    io.grpc.MethodDescriptor<io.rhizome.proto.SessionRequest, io.rhizome.proto.SessionResponse> getSessionMethod;
    if ((getSessionMethod = NodeSessionGrpc.getSessionMethod) == null) {
      synchronized (NodeSessionGrpc.class) {
        if ((getSessionMethod = NodeSessionGrpc.getSessionMethod) == null) {
          NodeSessionGrpc.getSessionMethod = getSessionMethod =
              io.grpc.MethodDescriptor.<io.rhizome.proto.SessionRequest, io.rhizome.proto.SessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Session"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.rhizome.proto.SessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.rhizome.proto.SessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new NodeSessionMethodDescriptorSupplier("Session"))
              .build();
        }
      }
    }
    return getSessionMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static NodeSessionStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<NodeSessionStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<NodeSessionStub>() {
        @java.lang.Override
        public NodeSessionStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new NodeSessionStub(channel, callOptions);
        }
      };
    return NodeSessionStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static NodeSessionBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<NodeSessionBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<NodeSessionBlockingV2Stub>() {
        @java.lang.Override
        public NodeSessionBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new NodeSessionBlockingV2Stub(channel, callOptions);
        }
      };
    return NodeSessionBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static NodeSessionBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<NodeSessionBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<NodeSessionBlockingStub>() {
        @java.lang.Override
        public NodeSessionBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new NodeSessionBlockingStub(channel, callOptions);
        }
      };
    return NodeSessionBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static NodeSessionFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<NodeSessionFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<NodeSessionFutureStub>() {
        @java.lang.Override
        public NodeSessionFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new NodeSessionFutureStub(channel, callOptions);
        }
      };
    return NodeSessionFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * ---------------------------------------------------------------------------
   * Node session stream: one bidirectional stream per client session.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * First request must be `open`; the node answers `opened` or `error` (then ends the stream).
     * Every later request is answered by zero or more result messages and exactly one `ready`.
     * </pre>
     */
    default io.grpc.stub.StreamObserver<io.rhizome.proto.SessionRequest> session(
        io.grpc.stub.StreamObserver<io.rhizome.proto.SessionResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getSessionMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service NodeSession.
   * <pre>
   * ---------------------------------------------------------------------------
   * Node session stream: one bidirectional stream per client session.
   * </pre>
   */
  public static abstract class NodeSessionImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return NodeSessionGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service NodeSession.
   * <pre>
   * ---------------------------------------------------------------------------
   * Node session stream: one bidirectional stream per client session.
   * </pre>
   */
  public static final class NodeSessionStub
      extends io.grpc.stub.AbstractAsyncStub<NodeSessionStub> {
    private NodeSessionStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected NodeSessionStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new NodeSessionStub(channel, callOptions);
    }

    /**
     * <pre>
     * First request must be `open`; the node answers `opened` or `error` (then ends the stream).
     * Every later request is answered by zero or more result messages and exactly one `ready`.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<io.rhizome.proto.SessionRequest> session(
        io.grpc.stub.StreamObserver<io.rhizome.proto.SessionResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
          getChannel().newCall(getSessionMethod(), getCallOptions()), responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service NodeSession.
   * <pre>
   * ---------------------------------------------------------------------------
   * Node session stream: one bidirectional stream per client session.
   * </pre>
   */
  public static final class NodeSessionBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<NodeSessionBlockingV2Stub> {
    private NodeSessionBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected NodeSessionBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new NodeSessionBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * First request must be `open`; the node answers `opened` or `error` (then ends the stream).
     * Every later request is answered by zero or more result messages and exactly one `ready`.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<io.rhizome.proto.SessionRequest, io.rhizome.proto.SessionResponse>
        session() {
      return io.grpc.stub.ClientCalls.blockingBidiStreamingCall(
          getChannel(), getSessionMethod(), getCallOptions());
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service NodeSession.
   * <pre>
   * ---------------------------------------------------------------------------
   * Node session stream: one bidirectional stream per client session.
   * </pre>
   */
  public static final class NodeSessionBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<NodeSessionBlockingStub> {
    private NodeSessionBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected NodeSessionBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new NodeSessionBlockingStub(channel, callOptions);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service NodeSession.
   * <pre>
   * ---------------------------------------------------------------------------
   * Node session stream: one bidirectional stream per client session.
   * </pre>
   */
  public static final class NodeSessionFutureStub
      extends io.grpc.stub.AbstractFutureStub<NodeSessionFutureStub> {
    private NodeSessionFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected NodeSessionFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new NodeSessionFutureStub(channel, callOptions);
    }
  }

  private static final int METHODID_SESSION = 0;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_SESSION:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.session(
              (io.grpc.stub.StreamObserver<io.rhizome.proto.SessionResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getSessionMethod(),
          io.grpc.stub.ServerCalls.asyncBidiStreamingCall(
            new MethodHandlers<
              io.rhizome.proto.SessionRequest,
              io.rhizome.proto.SessionResponse>(
                service, METHODID_SESSION)))
        .build();
  }

  private static abstract class NodeSessionBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    NodeSessionBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.rhizome.proto.Rhizome.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("NodeSession");
    }
  }

  private static final class NodeSessionFileDescriptorSupplier
      extends NodeSessionBaseDescriptorSupplier {
    NodeSessionFileDescriptorSupplier() {}
  }

  private static final class NodeSessionMethodDescriptorSupplier
      extends NodeSessionBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    NodeSessionMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (NodeSessionGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new NodeSessionFileDescriptorSupplier())
              .addMethod(getSessionMethod())
              .build();
        }
      }
    }
    return result;
  }
}
