package io.headroom.wire.security;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Path;

/** How the console (or a relay) talks to one agent: plaintext, or TLS with what it trusts and shows. */
public sealed interface ChannelSecurity {

    ChannelCredentials credentials();

    /** For logs: what is used, never a secret. */
    String describe();

    /** Unencrypted, no identity: loopback, a trusted network when asked for, the embedded simulator. */
    record Plaintext() implements ChannelSecurity {
        @Override
        public ChannelCredentials credentials() {
            return InsecureChannelCredentials.create();
        }

        @Override
        public String describe() {
            return "plaintext";
        }
    }

    /**
     * TLS, checking the agent's certificate (and its host name) against {@code ca}.
     *
     * @param ca          PEM CA certificate(s) agents' certificates must chain to; null: the JDK's trust store
     * @param certificate PEM client certificate for agents that require mutual TLS; null for none
     * @param privateKey  its PKCS#8 PEM key
     * @param token       bearer token sent with every call; null for none
     */
    record Tls(Path ca, Path certificate, Path privateKey, BearerToken token) implements ChannelSecurity {
        @Override
        public ChannelCredentials credentials() {
            var builder = TlsChannelCredentials.newBuilder();
            try {
                if (ca != null) {
                    builder.trustManager(ca.toFile());
                }
                if (certificate != null) {
                    builder.keyManager(certificate.toFile(), privateKey.toFile());
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read TLS files (" + e.getMessage() + ")", e);
            }
            ChannelCredentials tls = builder.build();
            return token == null ? tls : CompositeChannelCredentials.create(tls, token);
        }

        @Override
        public String describe() {
            return "TLS" + (ca == null ? " (system trust store)" : " trusting " + ca)
                    + (certificate == null ? "" : ", client certificate " + certificate)
                    + (token == null ? "" : ", " + token);
        }
    }
}
