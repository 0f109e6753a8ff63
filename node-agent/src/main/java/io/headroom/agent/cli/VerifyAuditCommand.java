package io.headroom.agent.cli;

import io.headroom.agent.audit.AuditFileVerifier;
import io.headroom.core.audit.ChainVerdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code headroom-agent verify-audit FILE}: exit 0 and the record count when every record of
 * the agent's audit file is as written; exit 1 naming the first broken record otherwise; 2
 * when the file cannot be read.
 */
@Command(name = "verify-audit", mixinStandardHelpOptions = true,
        description = "Check the agent's audit file: every record must hash to what was written with it and link to "
                + "the one before. Exit 0 when it verifies, 1 naming the first broken record, 2 when it cannot be read.")
public final class VerifyAuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The audit file (audit.file in agent.yaml).")
    Path file;

    @Override
    public Integer call() {
        ChainVerdict verdict;
        try {
            verdict = AuditFileVerifier.verify(file);
        } catch (NoSuchFileException e) {
            spec.commandLine().getErr().println("headroom-agent: audit file " + file + " does not exist");
            return 2;
        } catch (IOException e) {
            spec.commandLine().getErr().println("headroom-agent: cannot read audit file " + file + ": " + e.getMessage());
            return 2;
        }
        var out = verdict instanceof ChainVerdict.Intact ? spec.commandLine().getOut() : spec.commandLine().getErr();
        out.println(file + ": " + verdict.describe());
        if (verdict instanceof ChainVerdict.Intact intact && intact.records() > 0) {
            out.println("last hash " + intact.lastHash() + " (keep it elsewhere to detect records later cut from the end)");
        }
        out.flush();
        return verdict instanceof ChainVerdict.Intact ? 0 : 1;
    }
}
