package io.headroom.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** --prometheus: the site's TSDB for Idle by hour, checked before any window opens. */
class PrometheusOptionTest {

    @Test
    void aUrlIsKept() {
        var main = new ConsoleMain();
        new picocli.CommandLine(main).parseArgs("--prometheus", "http://prometheus.example:9090/", "--no-store");
        main.spec = new picocli.CommandLine(main).getCommandSpec();
        assertThat(main.toSettings().prometheus()).isEqualTo(URI.create("http://prometheus.example:9090/"));
    }

    @Test
    void withoutItThereIsNone() {
        var main = new ConsoleMain();
        new picocli.CommandLine(main).parseArgs("--no-store");
        main.spec = new picocli.CommandLine(main).getCommandSpec();
        assertThat(main.toSettings().prometheus()).isNull();
    }

    @Test
    void somethingThatIsNoHttpUrlIsNamed() {
        var err = new StringWriter();
        int code = ConsoleMain.run(
                new String[] {"--prometheus", "prometheus:9090"},
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("--prometheus: 'prometheus:9090' is not an http:// or https:// URL")
                .doesNotContain("\tat ");
    }
}
