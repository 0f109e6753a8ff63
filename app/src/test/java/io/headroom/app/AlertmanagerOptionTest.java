package io.headroom.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** --alertmanager: the site's Alertmanager for the Alerts page, checked before any window opens. */
class AlertmanagerOptionTest {

    @Test
    void aUrlIsKept() {
        var main = new ConsoleMain();
        new picocli.CommandLine(main).parseArgs("--alertmanager", "http://alertmanager.example:9093", "--no-store");
        main.spec = new picocli.CommandLine(main).getCommandSpec();
        assertThat(main.toSettings().alertmanager()).isEqualTo(URI.create("http://alertmanager.example:9093"));
        assertThat(main.toSettings().prometheus()).isNull();
    }

    @Test
    void withoutItThereIsNone() {
        var main = new ConsoleMain();
        new picocli.CommandLine(main).parseArgs("--no-store");
        main.spec = new picocli.CommandLine(main).getCommandSpec();
        assertThat(main.toSettings().alertmanager()).isNull();
    }

    @Test
    void somethingThatIsNoHttpUrlIsNamed() {
        var err = new StringWriter();
        int code = ConsoleMain.run(
                new String[] {"--alertmanager", "alertmanager:9093"},
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("--alertmanager: 'alertmanager:9093' is not an http:// or https:// URL such as "
                        + "http://alertmanager:9093")
                .doesNotContain("\tat ");
    }
}
