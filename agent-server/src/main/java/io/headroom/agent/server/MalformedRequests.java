package io.headroom.agent.server;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests in valid gRPC frames whose bytes are not the protobuf message the method expects.
 * Left to grpc-java (1.83), such a call ends with UNKNOWN "Application error processing RPC",
 * telling the caller nothing, and the agent logs a SEVERE stack trace for every one of them,
 * so anyone who can reach the port can fill its log. Guarded, the caller gets INVALID_ARGUMENT
 * naming the message and the parser's reason, and the agent logs the first few and then one
 * in a thousand.
 *
 * <p>How: the request marshaller notes the parse failure and hands on the empty message; the
 * call's listener, which gRPC calls next on the same thread, sees the note and refuses the call.
 */
final class MalformedRequests {

    private static final Logger log = LoggerFactory.getLogger(MalformedRequests.class);
    private static final ThreadLocal<RuntimeException> FAILED_PARSE = new ThreadLocal<>();
    private static final AtomicLong REFUSED = new AtomicLong();

    private MalformedRequests() {}

    /** The same service, each method's requests parsed as above. */
    static ServerServiceDefinition guard(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        var descriptor =
                ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
        var methods = new java.util.ArrayList<ServerMethodDefinition<?, ?>>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            ServerMethodDefinition<?, ?> guarded = guard(method);
            descriptor.addMethod(guarded.getMethodDescriptor());
            methods.add(guarded);
        }
        var builder = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(builder::addMethod);
        return builder.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> guard(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        if (!(descriptor.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> proto)) {
            return method;
        }
        MethodDescriptor<Q, R> checked = descriptor.toBuilder(
                        new NotingMarshaller<>(proto), descriptor.getResponseMarshaller())
                .build();
        return ServerMethodDefinition.create(checked, new RefusingHandler<>(method.getServerCallHandler(), proto));
    }

    /** Requests refused so far in this process. */
    static long refused() {
        return REFUSED.get();
    }

    private record NotingMarshaller<Q>(MethodDescriptor.PrototypeMarshaller<Q> parser)
            implements MethodDescriptor.PrototypeMarshaller<Q> {
        @Override
        public InputStream stream(Q value) {
            return parser.stream(value);
        }

        @Override
        public Q parse(InputStream stream) {
            FAILED_PARSE.remove();
            try {
                return parser.parse(stream);
            } catch (RuntimeException e) {
                FAILED_PARSE.set(e);
                return parser.getMessagePrototype();
            }
        }

        @Override
        public Q getMessagePrototype() {
            return parser.getMessagePrototype();
        }

        @Override
        public Class<Q> getMessageClass() {
            return parser.getMessageClass();
        }
    }

    private record RefusingHandler<Q, R>(ServerCallHandler<Q, R> next, MethodDescriptor.PrototypeMarshaller<Q> parser)
            implements ServerCallHandler<Q, R> {
        @Override
        public ServerCall.Listener<Q> startCall(ServerCall<Q, R> call, Metadata headers) {
            ServerCall.Listener<Q> listener = next.startCall(call, headers);
            return new SimpleForwardingServerCallListener<>(listener) {
                private boolean refused;

                @Override
                public void onMessage(Q message) {
                    RuntimeException failure = FAILED_PARSE.get();
                    FAILED_PARSE.remove();
                    if (refused) {
                        return;
                    }
                    if (failure == null) {
                        super.onMessage(message);
                        return;
                    }
                    refused = true;
                    String what = parser.getMessageClass().getSimpleName();
                    String reason = reason(failure);
                    long n = REFUSED.incrementAndGet();
                    if (n <= 5 || n % 1000 == 0) {
                        log.warn(
                                "refused a {} from {} that is not a valid {} ({}); {} refused so far",
                                call.getMethodDescriptor().getBareMethodName(),
                                CallerKey.of(call, headers),
                                what,
                                reason,
                                n);
                    }
                    call.close(
                            Status.INVALID_ARGUMENT.withDescription(
                                    "the request is not a valid " + what + ": " + reason),
                            new Metadata());
                }

                @Override
                public void onHalfClose() {
                    if (!refused) {
                        super.onHalfClose();
                    }
                }

                @Override
                public void onReady() {
                    if (!refused) {
                        super.onReady();
                    }
                }
            };
        }
    }

    // cause-chain cycle guard: a Throwable that is its own cause; identity is what is meant
    @SuppressWarnings("ReferenceEquality")
    private static String reason(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage();
        return message == null ? deepest.getClass().getSimpleName() : message;
    }
}
