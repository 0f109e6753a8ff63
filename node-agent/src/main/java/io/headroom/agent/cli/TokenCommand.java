package io.headroom.agent.cli;

import io.headroom.agent.access.AccessPolicy;
import io.headroom.core.access.Role;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headroom-agent token --name alice --role operator}: makes a new random token and
 * prints it once, with the identities entry (holding only its SHA-256) to paste into the
 * agent's configuration. The agent never stores or logs the token itself.
 */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description =
                "Make a new bearer token for an identity: prints the token (give it to its holder; it is not kept) "
                        + "and the identities entry for agent.yaml, which holds only its SHA-256.")
public final class TokenCommand implements Callable<Integer> {

    /** 32 random bytes: guessing one is hopeless, so a plain SHA-256 of it is enough to store. */
    static final int TOKEN_BYTES = 32;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--name",
            required = true,
            paramLabel = "NAME",
            description = "Who holds the token, e.g. alice or relay-hall3.")
    String name;

    @Option(
            names = "--role",
            defaultValue = "viewer",
            paramLabel = "ROLE",
            description = "viewer, technician or operator (default: ${DEFAULT-VALUE}).")
    String role;

    @Override
    public Integer call() {
        Role chosen = Role.parse(role)
                .orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(), "--role must be viewer, technician or operator, was '" + role + "'"));
        if (name.isBlank() || !name.matches("[\\p{L}\\p{N}._@-]+")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--name must be one word of letters, digits and . _ @ -, was '" + name + "'");
        }
        String token = newToken();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Token for " + name
                + " (shown once; hand it over privately, e.g. into a file readable only by its holder):");
        out.println();
        out.println("  " + token);
        out.println();
        out.println("Add this under identities: in the agent's configuration (it holds only the token's SHA-256):");
        out.println();
        out.println("  - name: " + name);
        out.println("    role: " + chosen.id());
        out.println("    token_sha256: " + AccessPolicy.tokenSha256(token));
        out.flush();
        return 0;
    }

    public static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
