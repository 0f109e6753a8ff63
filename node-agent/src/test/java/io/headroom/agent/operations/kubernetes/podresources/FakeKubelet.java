package io.headroom.agent.operations.kubernetes.podresources;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.headroom.agent.operations.kubernetes.podresources.v1.ContainerDevices;
import io.headroom.agent.operations.kubernetes.podresources.v1.ContainerResources;
import io.headroom.agent.operations.kubernetes.podresources.v1.ListPodResourcesRequest;
import io.headroom.agent.operations.kubernetes.podresources.v1.ListPodResourcesResponse;
import io.headroom.agent.operations.kubernetes.podresources.v1.PodResources;
import io.headroom.agent.operations.kubernetes.podresources.v1.PodResourcesListerGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A kubelet's PodResources server on a real unix socket, speaking the copied proto, as the
 * kubelet serves it on /var/lib/kubelet/pod-resources/kubelet.sock. It answers the pods it is
 * given; or, when told, hangs (never answers) or answers bytes that are no protobuf message.
 */
public final class FakeKubelet implements AutoCloseable {

    public enum Behaviour {
        ANSWER,
        HANG,
        GARBAGE
    }

    private final Server server;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final List<StreamObserver<?>> hanging = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile ListPodResourcesResponse pods = ListPodResourcesResponse.getDefaultInstance();
    private volatile Behaviour behaviour = Behaviour.ANSWER;

    public FakeKubelet(Path socket) throws IOException {
        server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .addService(service())
                .build()
                .start();
    }

    /** The real method's name and request, but an answer marshalled as raw bytes, so garbage can be sent. */
    private ServerServiceDefinition service() {
        MethodDescriptor<ListPodResourcesRequest, byte[]> list = PodResourcesListerGrpc.getListMethod().toBuilder(
                        PodResourcesListerGrpc.getListMethod().getRequestMarshaller(), new RawBytes())
                .build();
        return ServerServiceDefinition.builder(PodResourcesListerGrpc.SERVICE_NAME)
                .addMethod(list, ServerCalls.asyncUnaryCall((request, answer) -> {
                    calls.incrementAndGet();
                    switch (behaviour) {
                        case HANG -> hanging.add(answer);
                        case GARBAGE -> {
                            answer.onNext(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02});
                            answer.onCompleted();
                        }
                        case ANSWER -> {
                            answer.onNext(pods.toByteArray());
                            answer.onCompleted();
                        }
                    }
                }))
                .build();
    }

    public FakeKubelet behave(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    public int calls() {
        return calls.get();
    }

    /** From now on the kubelet lists these pods. */
    public FakeKubelet pods(PodResources... pods) {
        this.pods = ListPodResourcesResponse.newBuilder()
                .addAllPodResources(List.of(pods))
                .build();
        return this;
    }

    /**
     * A pod and its containers' devices, each container given as "name", then pairs of resource and
     * comma-separated device ids: {@code pod("ml", "train-3", container("main", "nvidia.com/gpu", "GPU-0,GPU-1"))}.
     */
    public static PodResources pod(String namespace, String name, ContainerResources... containers) {
        return PodResources.newBuilder()
                .setNamespace(namespace)
                .setName(name)
                .addAllContainers(List.of(containers))
                .build();
    }

    public static ContainerResources container(String name, String... resourceAndIds) {
        var container = ContainerResources.newBuilder().setName(name);
        for (int i = 0; i + 1 < resourceAndIds.length; i += 2) {
            List<String> ids = new ArrayList<>(List.of(resourceAndIds[i + 1].split(",")));
            container.addDevices(ContainerDevices.newBuilder()
                    .setResourceName(resourceAndIds[i])
                    .addAllDeviceIds(ids));
        }
        return container.build();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var unusedBoss = boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        var unusedWorkers = workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
