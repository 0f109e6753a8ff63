package io.headroom.agent.source.dcgm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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

    /**
     * Values as the format spec defines them: Go's ParseFloat, which takes NaN and Inf in any
     * case, Inf and Infinity with an optional sign; the spec's own example lines
     * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-format-example) read as
     * Prometheus reads them. Java's own extras ("1d", "2f", "+NaN") are not Prometheus numbers, nor
     * are the hexadecimal and underscored floats Prometheus's parser refuses before ParseFloat.
     */
    @Test
    void valuesAreGoFloatsAsTheFormatSpecSays() {
        var parsed = PrometheusText.parse("""
                a Nan
                b nan
                c NAN
                d +inf
                e -Inf
                f inf
                g +Infinity
                h -infinity
                i 1.7560473e+07
                j -0.5
                k .25
                msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
                metric_without_timestamp_and_labels 12.47
                something_weird{problem="division by zero"} +Inf -3982045
                http_requests_total{method="post",code="200"} 1027 1395066363000
                """);
        assertThat(parsed.problems()).isEmpty();
        var values = parsed.samples().stream().map(PrometheusText.Sample::value).toList();
        assertThat(values.subList(0, 3)).allMatch(v -> v.isNaN());
        assertThat(values.subList(3, 11))
                .containsExactly(
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        1.7560473e+07,
                        -0.5,
                        0.25);
        assertThat(values.subList(11, 15)).containsExactly(1.458255915e9, 12.47, Double.POSITIVE_INFINITY, 1027.0);
        assertThat(parsed.samples().get(11).label("path")).isEqualTo("C:\\DIR\\FILE.TXT");
    }

    @Test
    void javaOnlyNumberSpellingsAreNotValues() {
        var parsed = PrometheusText.parse("""
                a 1d
                b 2.5f
                c +NaN
                d infinite
                e NaNa
                f 0x1p-2
                g 1_000
                """);
        assertThat(parsed.samples()).isEmpty();
        assertThat(parsed.problems()).extracting(PrometheusText.Problem::line).containsExactly(1, 2, 3, 4, 5, 6, 7);
    }
}
