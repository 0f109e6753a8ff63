package io.headroom.agent.source.dcgm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    @Test
    void samplesWithLabelsEscapesAndTimestamps() {
        var parsed = PrometheusText.parse("""
                # HELP x a metric
                # TYPE x gauge
                x{a="1",b="say \\"hi\\"\\n",} 2.5 1700000000000
                y 3
                z{} NaN
                """);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.samples()).hasSize(3);
        var x = parsed.samples().getFirst();
        assertThat(x.name()).isEqualTo("x");
        assertThat(x.labels()).containsEntry("a", "1").containsEntry("b", "say \"hi\"\n");
        assertThat(x.value()).isEqualTo(2.5);
        assertThat(x.line()).isEqualTo(3);
        assertThat(parsed.samples().get(2).value()).isNaN();
    }

    @Test
    void aBrokenLineIsReportedWithItsNumberAndTheRestKept() {
        var parsed = PrometheusText.parse("""
                a{gpu="0"} 1
                b{gpu="0" 2
                c{gpu="0"} lots
                {"json": true}
                d{gpu="0"} 4
                """);
        assertThat(parsed.samples()).extracting(PrometheusText.Sample::name).containsExactly("a", "d");
        assertThat(parsed.problems()).extracting(PrometheusText.Problem::line).containsExactly(2, 3, 4);
        assertThat(parsed.problems().get(0).reason()).isEqualTo("expected ',' or '}' after label gpu");
        assertThat(parsed.problems().get(1).reason()).isEqualTo("value 'lots' is not a number");
        assertThat(parsed.problems().get(2).reason()).isEqualTo("a sample must start with a metric name");
    }
}
