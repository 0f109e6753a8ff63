package io.headroom.wire;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** grpc-java's own complaints reach the agent's log as one line in its format, not as a JUL stack trace. */
class GrpcLogTest {

    @Test
    void aGrpcExceptionIsOneLineThroughTheAgentsLogger() {
        var logged = new ListAppender<ILoggingEvent>();
        logged.start();
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logged);
        try {
            GrpcLog.install();
            var grpc = java.util.logging.Logger.getLogger("io.grpc.internal.SerializingExecutor");
            grpc.log(
                    Level.SEVERE,
                    "Exception while executing runnable io.grpc.internal.ServerImpl$JumpToApplicationThread",
                    new io.grpc.StatusRuntimeException(io.grpc.Status.RESOURCE_EXHAUSTED.withDescription(
                            "gRPC message exceeds maximum size 1048576: 1049611")));
        } finally {
            root.detachAppender(logged);
        }
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLoggerName()).isEqualTo("io.grpc.internal.SerializingExecutor");
            assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
            assertThat(event.getFormattedMessage())
                    .isEqualTo("Exception while executing runnable "
                            + "io.grpc.internal.ServerImpl$JumpToApplicationThread: StatusRuntimeException: RESOURCE_EXHAUSTED: "
                            + "gRPC message exceeds maximum size 1048576: 1049611");
            assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
        });
    }
}
