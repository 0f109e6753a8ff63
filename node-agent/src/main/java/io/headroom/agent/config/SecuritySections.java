package io.headroom.agent.config;

import io.headroom.agent.access.Identity;
import io.headroom.agent.config.AgentConfig.Access;
import io.headroom.agent.config.AgentConfig.Audit;
import io.headroom.agent.config.AgentConfig.AuthMode;
import io.headroom.core.access.Role;
import io.headroom.wire.security.SiteSecurity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/** The security parts of agent.yaml: {@code auth}, {@code identities}, {@code audit} and a relay's {@code upstream}. */
final class SecuritySections {

    private SecuritySections() {}

    static Access access(YamlMapping top) throws ConfigException {
        String auth = top.choice("auth", "", List.of("none", "identities"));
        List<Identity> identities = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (YamlMapping entry : top.mappings("identities")) {
            entry.allowOnly(Set.of("name", "role", "token_sha256", "subject"));
            String name = entry.string("name", "").strip();
            if (name.isEmpty()) {
                throw entry.sectionError("needs a name");
            }
            if (!names.add(name)) {
                throw entry.error("name", "'" + name + "' is listed twice");
            }
            String roleText = entry.choice("role", "", List.of("viewer", "technician", "operator"));
            if (roleText.isEmpty()) {
                throw entry.sectionError("needs a role: viewer, technician or operator");
            }
            String hash = entry.string("token_sha256", "").strip().toLowerCase(Locale.ROOT);
            if (!hash.isEmpty() && !hash.matches("[0-9a-f]{64}")) {
                // Never echo the value: someone may have pasted the token itself here.
                throw entry.error(
                        "token_sha256",
                        "must be the 64 hex digits `headroom-agent token` prints, not the token itself");
            }
            if (!hash.isEmpty() && !hashes.add(hash)) {
                throw entry.error(
                        "token_sha256", "is the same as another identity's: each holder needs a token of their own");
            }
            String subjectText = entry.string("subject", "").strip();
            X500Principal subject = null;
            if (!subjectText.isEmpty()) {
                try {
                    subject = new X500Principal(subjectText);
                } catch (IllegalArgumentException e) {
                    throw entry.error(
                            "subject", "is not a certificate subject such as CN=noc-wall,O=Example: " + e.getMessage());
                }
            }
            if (hash.isEmpty() && subject == null) {
                throw entry.sectionError("identity " + name + " needs token_sha256 (from `headroom-agent token`) or a "
                        + "client certificate subject");
            }
            identities.add(
                    new Identity(name, Role.parse(roleText).orElseThrow(), hash.isEmpty() ? null : hash, subject));
        }
        if (auth.equals("none") && !identities.isEmpty()) {
            throw top.error(
                    "auth",
                    "none admits everyone, so the identities listed would mean nothing; remove one or the other");
        }
        if (auth.equals("identities") && identities.isEmpty()) {
            throw top.error("auth", "identities needs at least one entry under identities:");
        }
        AuthMode mode = switch (auth) {
            case "none" -> AuthMode.NONE;
            case "identities" -> AuthMode.IDENTITIES;
            default -> identities.isEmpty() ? AuthMode.DEFAULT : AuthMode.IDENTITIES;
        };
        return new Access(mode, identities);
    }

    static Audit audit(YamlMapping section) throws ConfigException {
        if (section == null) {
            return new Audit(null);
        }
        section.allowOnly(Set.of("file"));
        return new Audit(section.path("file", false));
    }

    /** A relay's way to its upstream agents (the same settings an agents file takes). */
    static SiteSecurity upstream(YamlMapping section) throws ConfigException {
        if (section == null) {
            return SiteSecurity.NONE;
        }
        section.allowOnly(Set.of(
                SiteSecurity.CA,
                SiteSecurity.CERTIFICATE,
                SiteSecurity.PRIVATE_KEY,
                SiteSecurity.TOKEN_FILE,
                SiteSecurity.PLAINTEXT));
        Path certificate = section.path(SiteSecurity.CERTIFICATE, true);
        Path key = section.path(SiteSecurity.PRIVATE_KEY, true);
        if ((certificate == null) != (key == null)) {
            throw section.error(
                    certificate == null ? SiteSecurity.CERTIFICATE : SiteSecurity.PRIVATE_KEY,
                    "is needed too: a certificate and its private key go together");
        }
        return new SiteSecurity(
                section.path(SiteSecurity.CA, true),
                certificate,
                key,
                section.path(SiteSecurity.TOKEN_FILE, true),
                section.bool(SiteSecurity.PLAINTEXT, false));
    }
}
