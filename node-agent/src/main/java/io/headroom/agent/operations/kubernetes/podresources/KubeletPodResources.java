package io.headroom.agent.operations.kubernetes.podresources;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.headroom.agent.operations.kubernetes.podresources.v1.ContainerDevices;
import io.headroom.agent.operations.kubernetes.podresources.v1.ContainerResources;
import io.headroom.agent.operations.kubernetes.podresources.v1.ListPodResourcesRequest;
import io.headroom.agent.operations.kubernetes.podresources.v1.PodResources;
import io.headroom.agent.operations.kubernetes.podresources.v1.PodResourcesListerGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's PodResources API (v1 {@code List}) on its unix socket, as dcgm-exporter reads
 * it: which device ids the device plugins gave to which container of which pod. Every call has a
 * deadline; a missing socket, a file that is not one, a kubelet that refuses, hangs or answers
 * something else is a {@link PodResourcesUnavailable} naming the socket and what went wrong.
 *
 * <p>The shaded Netty in grpc-netty-shaded carries its own epoll, which speaks unix sockets; no
 * other transport is needed.
 */
public final class KubeletPodResources implements AutoCloseable {

    private final Path socket;
    private final Duration deadline;
    private final String setting;
    private EventLoopGroup group;
    private ManagedChannel channel;

    /**
     * @param setting the configuration key that names the socket, for messages
     */
    public KubeletPodResources(Path socket, Duration deadline, String setting) {
        this.socket = socket;
        this.deadline = deadline;
        this.setting = setting;
    }

    /** Every pod on the node and the devices its containers hold. */
    public synchronized List<PodDevices> list() throws PodResourcesUnavailable {
        checkSocket();
        ensureChannel();
        try {
            var answer = PodResourcesListerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .list(ListPodResourcesRequest.getDefaultInstance());
            List<PodDevices> pods = new ArrayList<>(answer.getPodResourcesCount());
            for (PodResources pod : answer.getPodResourcesList()) {
                pods.add(devices(pod));
            }
            return pods;
        } catch (StatusRuntimeException e) {
            throw new PodResourcesUnavailable(explain(e.getStatus()));
        }
    }

    private static PodDevices devices(PodResources pod) {
        List<PodDevices.Device> devices = new ArrayList<>();
        for (ContainerResources container : pod.getContainersList()) {
            for (ContainerDevices held : container.getDevicesList()) {
                for (String id : held.getDeviceIdsList()) {
                    devices.add(new PodDevices.Device(container.getName(), held.getResourceName(), id));
                }
            }
        }
        return new PodDevices(pod.getNamespace(), pod.getName(), devices);
    }

    private void checkSocket() throws PodResourcesUnavailable {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                attributes = Files.readAttributes(socket, BasicFileAttributes.class);
            }
        } catch (IOException e) {
            throw new PodResourcesUnavailable("no kubelet socket at " + socket + " (" + setting
                    + "): is the kubelet's pod-resources folder mounted into the agent's pod?");
        }
        // A unix socket is neither a file, a folder nor a link: "other" to Java.
        if (!attributes.isOther()) {
            throw new PodResourcesUnavailable(socket + " is " + (attributes.isDirectory() ? "a folder" : "a file")
                    + ", not the kubelet's socket (" + setting + ")");
        }
    }

    private void ensureChannel() throws PodResourcesUnavailable {
        if (channel != null) {
            return;
        }
        if (!Epoll.isAvailable()) {
            throw new PodResourcesUnavailable(
                    "cannot open unix socket " + socket + ": this platform has no epoll (Linux only): "
                            + Epoll.unavailabilityCause().getMessage());
        }
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(group)
                .channelType(EpollDomainSocketChannel.class)
                .usePlaintext()
                // The kubelet caps its answer at 16 MiB; a node's pods fit well inside.
                .maxInboundMessageSize(16 * 1024 * 1024)
                .build();
    }

    private String explain(Status status) {
        String said = status.getDescription() == null ? "" : ": " + status.getDescription();
        return switch (status.getCode()) {
            case DEADLINE_EXCEEDED ->
                "the kubelet at " + socket + " did not answer within " + deadline.toMillis() + " ms";
            case UNAVAILABLE -> "the kubelet at " + socket + " does not answer" + said(status);
            case UNIMPLEMENTED ->
                "the kubelet at " + socket + " does not serve PodResources v1 List (Kubernetes 1.20 or later does)";
            // grpc-java cancels a call whose answer does not parse ("Failed to read message").
            case INTERNAL, UNKNOWN, DATA_LOSS, CANCELLED ->
                "the kubelet at " + socket + " answered something that is not a PodResources list" + said;
            default -> "the kubelet at " + socket + " answered " + status.getCode() + said;
        };
    }

    /** The cause's own words (connection refused), not Netty's wrapper. */
    private static String said(Status status) {
        Throwable cause = status.getCause();
        while (cause != null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String why = cause != null && cause.getMessage() != null ? cause.getMessage() : status.getDescription();
        return why == null ? "" : " (" + why + ")";
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.shutdownNow();
            var unusedShutdown = group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            channel = null;
        }
    }
}
