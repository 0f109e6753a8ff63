package io.headroom.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Adds a log file in the platform's log directory to the stderr log that logback.xml sets up.
 * Done here rather than in logback.xml because the directory depends on the platform and the
 * environment, and because tests and --help must not write log files. One file per day, two
 * weeks kept, at most 100 MB in all, so a console left on a wall for a year does not fill the disk.
 */
final class ConsoleLogFile {

    static final String FILE_NAME = "console.log";

    private ConsoleLogFile() {}

    /** Starts writing to {@code dir/console.log}; says so on {@code err} and carries on if it cannot. */
    static boolean attach(Path dir, PrintWriter err) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            err.println("headroom: cannot create the log directory " + dir + " (" + e + "); logging to stderr only");
            return false;
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return false;
        }
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
        encoder.start();

        var appender = new RollingFileAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(dir.resolve(FILE_NAME).toString());
        appender.setEncoder(encoder);

        var policy = new TimeBasedRollingPolicy<ILoggingEvent>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(dir.resolve("console.%d{yyyy-MM-dd}.log").toString());
        policy.setMaxHistory(14);
        policy.setTotalSizeCap(FileSize.valueOf("100MB"));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();
        if (!appender.isStarted()) {
            err.println("headroom: cannot write the log file in " + dir + "; logging to stderr only");
            return false;
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return true;
    }
}
