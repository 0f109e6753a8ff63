package io.headroom.agent.access;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises the caller of every Agent call, by bearer token ({@code authorization: Bearer ...})
 * or by client certificate subject, and refuses with UNAUTHENTICATED whoever the policy does
 * not admit. What a recognised caller may do is decided per call (see AgentService); this
 * only says who they are. Tokens are hashed on arrival and never logged.
 */
public final class CallerInterceptor implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(CallerInterceptor.class);
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final AccessPolicy policy;

    public CallerInterceptor(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        Admission admission = admit(headers.get(AUTHORIZATION), call);
        if (admission instanceof Admission.Refused refused) {
            log.warn(
                    "refused {} from {}: {}",
                    call.getMethodDescriptor().getBareMethodName(),
                    call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
                    refused.reason());
            call.close(Status.UNAUTHENTICATED.withDescription(refused.reason()), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        Caller caller = ((Admission.Admitted) admission).caller();
        return Contexts.interceptCall(Context.current().withValue(Caller.KEY, caller), call, headers, next);
    }

    private sealed interface Admission {
        record Admitted(Caller caller) implements Admission {}

        record Refused(String reason) implements Admission {}
    }

    private Admission admit(String authorization, ServerCall<?, ?> call) {
        if (authorization != null) {
            String[] parts = authorization.strip().split("\\s+", 2);
            if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
                return new Admission.Refused("the authorization header is not 'Bearer <token>'");
            }
            return policy.byToken(parts[1].strip())
                    .<Admission>map(i -> new Admission.Admitted(new Caller(i.name(), i.role(), "token")))
                    .orElseGet(() -> new Admission.Refused("the token is not one this agent knows"));
        }
        Optional<X509Certificate> certificate =
                peerCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (certificate.isPresent() && policy.hasCertificateIdentities()) {
            var subject = certificate.get().getSubjectX500Principal();
            return policy.bySubject(subject)
                    .<Admission>map(i -> new Admission.Admitted(new Caller(i.name(), i.role(), "certificate")))
                    .orElseGet(() -> policy.anonymousRole()
                            .<Admission>map(r -> anonymous(r))
                            .orElseGet(() -> new Admission.Refused("client certificate " + subject.getName()
                                    + " is not one of this agent's identities")));
        }
        return policy.anonymousRole()
                .<Admission>map(CallerInterceptor::anonymous)
                .orElseGet(() -> new Admission.Refused("this agent admits only known identities: send a token "
                        + "(authorization: Bearer ...) or a client certificate it knows"));
    }

    private static Admission anonymous(io.headroom.core.access.Role role) {
        return new Admission.Admitted(new Caller("anonymous", role, "none"));
    }

    private static Optional<X509Certificate> peerCertificate(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? Optional.of(x509) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty(); // TLS without a client certificate
        }
    }
}
