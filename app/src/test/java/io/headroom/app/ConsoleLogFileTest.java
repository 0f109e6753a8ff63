package io.headroom.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ConsoleLogFileTest {

    @Test
    void logLinesReachTheFileInTheLogDirectory(@TempDir Path dir) throws Exception {
        Path logs = dir.resolve("state/headroom/logs");
        var err = new StringWriter();
        assertThat(ConsoleLogFile.attach(logs, new PrintWriter(err, true))).isTrue();
        try {
            LoggerFactory.getLogger(ConsoleLogFileTest.class).info("a line for the log file");
            assertThat(Files.readString(logs.resolve(ConsoleLogFile.FILE_NAME)))
                    .contains("INFO", "a line for the log file");
        } finally {
            var root = ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("ROOT");
            root.getAppender("FILE").stop();
            root.detachAppender("FILE");
        }
    }

    @Test
    void aDirectoryThatCannotBeMadeIsReportedNotFatal(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("a-file"), "not a directory");
        var err = new StringWriter();
        assertThat(ConsoleLogFile.attach(blocker.resolve("logs"), new PrintWriter(err, true)))
                .isFalse();
        assertThat(err.toString()).contains("cannot create the log directory").contains("stderr only");
    }
}
