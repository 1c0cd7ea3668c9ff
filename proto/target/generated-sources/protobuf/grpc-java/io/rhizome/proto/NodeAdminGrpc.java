package io.rhizome.proto;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * ---------------------------------------------------------------------------
 * Node administration.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class NodeAdminGrpc {

  private NodeAdminGrpc() {}

  public static final java.lang.String SERVICE_NAME = "rhizome.v1.NodeAdmin";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.rhizome.proto.DropTenantRequest,
      io.rhizome.proto.DropTenantResponse> getDropTenantMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DropTenant",
      requestType = io.rhizome.proto.DropTenantRequest.class,
      responseType = io.rhizome.proto.DropTenantResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.rhizome.proto.DropTenantRequest,
      io.rhizome.proto.DropTenantResponse> getDropTenantMethod() {
    io.grpc.MethodDescriptor<io.rhizome.proto.DropTenantRequest, io.rhizome.proto.DropTenantResponse> getDropTenantMethod;
    if ((getDropTenantMethod = NodeAdminGrpc.getDropTenantMethod) == null) {
      synchronized (NodeAdminGrpc.class) {
        if ((getDropTenantMethod = NodeAdminGrpc.getDropTenantMethod) == null) {
          NodeAdminGrpc.getDropTenantMethod = getDropTenantMethod =
              io.grpc.MethodDescriptor.<io.rhizome.proto.DropTenantRequest, io.rhizome.proto.DropTenantResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DropTenant"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.rhizome.proto.DropTenantRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.rhizome.proto.DropTenantResponse.getDefaultInstance()))
              .setSchemaDescriptor(new NodeAdminMethodDescriptorSupplier("DropTenant"))
              .build();
        }
      }
    }
    return getDropTenantMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static NodeAdminStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<NodeAdminStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<NodeAdminStub>() {
        @java.lang.Override
        public NodeAdminStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new NodeAdminStub(channel, callOptions);
        }
      };
    return NodeAdminStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static NodeAdminBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<NodeAdminBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<NodeAdminBlockingV2Stub>() {
        @java.lang.Override
        public NodeAdminBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new NodeAdminBlockingV2Stub(channel, callOptions);
        }
      };
    return NodeAdminBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static NodeAdminBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<NodeAdminBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<NodeAdminBlockingStub>() {
        @java.lang.Override
        public NodeAdminBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new NodeAdminBlockingStub(channel, callOptions);
        }
      };
    return NodeAdminBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static NodeAdminFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<NodeAdminFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<NodeAdminFutureStub>() {
        @java.lang.Override
        public NodeAdminFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new NodeAdminFutureStub(channel, callOptions);
        }
      };
    return NodeAdminFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * ---------------------------------------------------------------------------
   * Node administration.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Deletes a tenant's files. The tenant record must already be gone from the metadata.
     * </pre>
     */
    default void dropTenant(io.rhizome.proto.DropTenantRequest request,
        io.grpc.stub.StreamObserver<io.rhizome.proto.DropTenantResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDropTenantMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service NodeAdmin.
   * <pre>
   * ---------------------------------------------------------------------------
   * Node administration.
   * </pre>
   */
  public static abstract class NodeAdminImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return NodeAdminGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service NodeAdmin.
   * <pre>
   * ---------------------------------------------------------------------------
   * Node administration.
   * </pre>
   */
  public static final class NodeAdminStub
      extends io.grpc.stub.AbstractAsyncStub<NodeAdminStub> {
    private NodeAdminStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected NodeAdminStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new NodeAdminStub(channel, callOptions);
    }

    /**
     * <pre>
     * Deletes a tenant's files. The tenant record must already be gone from the metadata.
     * </pre>
     */
    public void dropTenant(io.rhizome.proto.DropTenantRequest request,
        io.grpc.stub.StreamObserver<io.rhizome.proto.DropTenantResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDropTenantMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service NodeAdmin.
   * <pre>
   * ---------------------------------------------------------------------------
   * Node administration.
   * </pre>
   */
  public static final class NodeAdminBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<NodeAdminBlockingV2Stub> {
    private NodeAdminBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected NodeAdminBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new NodeAdminBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Deletes a tenant's files. The tenant record must already be gone from the metadata.
     * </pre>
     */
    public io.rhizome.proto.DropTenantResponse dropTenant(io.rhizome.proto.DropTenantRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDropTenantMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service NodeAdmin.
   * <pre>
   * ---------------------------------------------------------------------------
   * Node administration.
   * </pre>
   */
  public static final class NodeAdminBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<NodeAdminBlockingStub> {
    private NodeAdminBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected NodeAdminBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new NodeAdminBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Deletes a tenant's files. The tenant record must already be gone from the metadata.
     * </pre>
     */
    public io.rhizome.proto.DropTenantResponse dropTenant(io.rhizome.proto.DropTenantRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDropTenantMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service NodeAdmin.
   * <pre>
   * ---------------------------------------------------------------------------
   * Node administration.
   * </pre>
   */
  public static final class NodeAdminFutureStub
      extends io.grpc.stub.AbstractFutureStub<NodeAdminFutureStub> {
    private NodeAdminFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected NodeAdminFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new NodeAdminFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Deletes a tenant's files. The tenant record must already be gone from the metadata.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.rhizome.proto.DropTenantResponse> dropTenant(
        io.rhizome.proto.DropTenantRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDropTenantMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_DROP_TENANT = 0;

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
        case METHODID_DROP_TENANT:
          serviceImpl.dropTenant((io.rhizome.proto.DropTenantRequest) request,
              (io.grpc.stub.StreamObserver<io.rhizome.proto.DropTenantResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getDropTenantMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.rhizome.proto.DropTenantRequest,
              io.rhizome.proto.DropTenantResponse>(
                service, METHODID_DROP_TENANT)))
        .build();
  }

  private static abstract class NodeAdminBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    NodeAdminBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.rhizome.proto.Rhizome.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("NodeAdmin");
    }
  }

  private static final class NodeAdminFileDescriptorSupplier
      extends NodeAdminBaseDescriptorSupplier {
    NodeAdminFileDescriptorSupplier() {}
  }

  private static final class NodeAdminMethodDescriptorSupplier
      extends NodeAdminBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    NodeAdminMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (NodeAdminGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new NodeAdminFileDescriptorSupplier())
              .addMethod(getDropTenantMethod())
              .build();
        }
      }
    }
    return result;
  }
}
