package io.headroom.wire;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * grpc-java logs through java.util.logging, which wrote its own two-line format with a stack
 * trace to stderr beside the agent's and the console's lines (an oversized message left one per
 * call; an unresolvable agent, one per retry). This hands each of its records to the program's logger under the same name, as one line: the message and
 * the exception's class and message, with its causes, but no stack trace. The agent's logback
 * configuration then decides what is shown (io.grpc: warnings and errors).
 */
public final class GrpcLog extends Handler {

    private static final int DEEPEST_CAUSE = 4;
    /**
     * Held for the life of the process: java.util.logging keeps loggers only weakly, and one
     * collected takes its handler and settings with it (the stack traces came back).
     */
    private static final java.util.logging.Logger GRPC = java.util.logging.Logger.getLogger("io.grpc");

    private final SimpleFormatter formatter = new SimpleFormatter();

    private GrpcLog() {}

    /** Routes the io.grpc loggers (shaded Netty's included) into the program's log. */
    public static synchronized void install() {
        for (Handler handler : GRPC.getHandlers()) {
            if (handler instanceof GrpcLog) {
                return;
            }
        }
        GRPC.setUseParentHandlers(false);
        GRPC.addHandler(new GrpcLog());
    }

    @Override
    public void publish(LogRecord record) {
        Logger log = LoggerFactory.getLogger(record.getLoggerName() == null ? "io.grpc" : record.getLoggerName());
        int level = record.getLevel().intValue();
        boolean wanted = level >= Level.SEVERE.intValue()
                ? log.isErrorEnabled()
                : level >= Level.WARNING.intValue()
                        ? log.isWarnEnabled()
                        : level >= Level.INFO.intValue() ? log.isInfoEnabled() : log.isDebugEnabled();
        if (!wanted) {
            return;
        }
        String line = oneLine(formatter.formatMessage(record), record.getThrown());
        if (level >= Level.SEVERE.intValue()) {
            log.error("{}", line);
        } else if (level >= Level.WARNING.intValue()) {
            log.warn("{}", line);
        } else if (level >= Level.INFO.intValue()) {
            log.info("{}", line);
        } else {
            log.debug("{}", line);
        }
    }

    // cause-chain cycle guard: a Throwable that is its own cause; identity is what is meant
    @SuppressWarnings("ReferenceEquality")
    static String oneLine(String message, Throwable thrown) {
        var line = new StringBuilder(message == null ? "" : message);
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < DEEPEST_CAUSE; depth++, t = t.getCause() == t ? null : t.getCause()) {
            line.append(depth == 0 ? ": " : "; caused by ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                line.append(": ").append(t.getMessage());
            }
        }
        return line.toString().replace("\r", "").replace("\n", " | ");
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
