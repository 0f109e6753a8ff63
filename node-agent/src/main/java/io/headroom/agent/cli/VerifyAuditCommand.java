package io.headroom.agent.cli;

import io.headroom.agent.audit.AuditFileVerifier;
import io.headroom.agent.audit.AuditHead;
import io.headroom.agent.audit.AuditSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code headroom-agent verify-audit FILE...}: checks the agent's audit trail and reports every
 * place it breaks, each with its line.
 *
 * <p>Exit codes: 0 every record verifies, the trail starts at its first record (or at a new
 * segment whose earlier file was given too) and ends at the head when one is known; 1 the trail
 * is broken (each break printed); 2 the files or the head given cannot be read; 3 every record
 * verifies but the first file continues an earlier one that was not given (a rotated or lost
 * file), so the records before it were not checked. With {@code --public-key}, a record whose
 * signature does not verify is a break.
 */
@Command(
        name = "verify-audit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check the agent's audit trail: every line must be one record as the agent writes it (valid "
                    + "UTF-8, strict JSON, each field once, no field the agent does not write), hash to what was written "
                    + "with it and link to the one before; every break is reported with its line. The trail must end at "
                    + "the head the agent keeps beside the file (FILE.head) and at --expect-head when given; with "
                    + "--public-key every record's signature must verify.",
            "Exit 0: it verifies. 1: it is broken. 2: it cannot be read. 3: it verifies, but begins in the middle "
                    + "of a trail whose earlier file was not given."
        })
public final class VerifyAuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--expect-head",
            paramLabel = "RECORD:HASH",
            description = "The head noted earlier (as this command prints it, or the hash alone): the trail must end "
                    + "there. Catches records cut from the end, and records forged after it, even with a head file "
                    + "rewritten to match.")
    String expectHead;

    @Option(
            names = "--public-key",
            paramLabel = "FILE",
            description =
                    "The agent's public key (FILE.pub beside the audit file, copied elsewhere when the agent first "
                            + "started): every record's signature must verify with it.")
    Path publicKey;

    @Option(names = "--no-head-file", description = "Do not compare with the head the agent keeps beside the file.")
    boolean noHeadFile;

    @Parameters(
            paramLabel = "FILE",
            arity = "1..*",
            description =
                    "The audit file (audit.file in agent.yaml); with files rotated away before it, the oldest first.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<AuditHead> expected;
        try {
            expected = expectHead == null ? Optional.empty() : Optional.of(AuditHead.parse(expectHead));
        } catch (IllegalArgumentException e) {
            err.println("headroom-agent: --expect-head: " + e.getMessage());
            return 2;
        }
        AuditFileVerifier.Report report;
        try {
            report = AuditFileVerifier.check(
                    files,
                    expected,
                    !noHeadFile,
                    publicKey == null ? Optional.empty() : Optional.of(AuditSigner.readPublicKey(publicKey)));
        } catch (NoSuchFileException e) {
            err.println("headroom-agent: audit file " + e.getFile() + " does not exist");
            return 2;
        } catch (IOException e) {
            err.println("headroom-agent: cannot read the audit trail: " + e.getMessage());
            return 2;
        }
        String name = files.size() == 1 ? files.getFirst().toString() : files.getFirst() + " … " + files.getLast();
        report.notes().forEach(note -> out.println("note: " + note));
        report.breaks().forEach(b -> err.println(b.describe()));
        if (!report.intact()) {
            err.println(name + ": audit trail broken in " + report.breaks().size()
                    + (report.breaks().size() == 1 ? " place" : " places") + " (" + report.records()
                    + " records read)");
            err.flush();
            out.flush();
            return 1;
        }
        out.println(
                name + ": audit trail verifies: " + report.records() + (report.records() == 1 ? " record" : " records")
                        + (report.headChecked() ? ", ending at the head" : "")
                        + (report.signaturesChecked() ? ", each signed by the key given" : ""));
        if (report.records() > 0) {
            out.println("head " + report.end() + " (keep it elsewhere; --expect-head " + report.end()
                    + " later shows any record since cut from the end or forged after it)");
        }
        if (!report.headChecked()) {
            out.println("note: no head to compare with: records cut from the end would not be noticed");
        }
        if (report.startsMidTrail()) {
            out.println("note: the records before the first one here were not checked");
        }
        out.flush();
        return report.startsMidTrail() ? 3 : 0;
    }
}
