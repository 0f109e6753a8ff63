package io.headroom.agent.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class GenericJsonWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bodyCarriesEveryFactAsAField() throws Exception {
        var notice = Notices.notice("please release", "https://console.example/w/1");
        var request = new GenericJsonWebhook()
                .request(notice, NoticeLanguage.EN, URI.create("https://hooks.example/in"), null, 0);

        String expected = """
                {"event":"headroom.held_idle",
                 "workload":{"id":"slurm:hpc:4242","name":"train-llm","user":"zhangwei","account":"nlp","pool":"a100",
                             "namespace":"","qos":"normal"},
                 "owner":"zhangwei",
                 "gpus":[{"hostname":"gpu-07","gpu_index":0},{"hostname":"gpu-07","gpu_index":1}],
                 "idle_since_ms":1796500800000,
                 "gpu_hours_wasted":5.0,
                 "utilisation_last_hour":{"sparkline":"▁▁▂▁▁","min_pct":1.0,"avg_pct":4.8,"max_pct":20.0},
                 "note":"please release",
                 "console_link":"https://console.example/w/1",
                 "language":"en",
                 "text":%s,
                 "sent_at_ms":1796509800000}
                """.formatted(JSON.writeValueAsString(NoticeText.plain(notice, NoticeLanguage.EN)));
        assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree(expected));
        assertThat(request.headers()).isEmpty();
    }

    @Test
    void unknownFiguresAreNullNotZero() throws Exception {
        var body = JSON.readTree(new GenericJsonWebhook()
                .request(Notices.unknown(), NoticeLanguage.EN, URI.create("https://hooks.example/in"), null, 0)
                .body());

        assertThat(body.get("idle_since_ms").isNull()).isTrue();
        assertThat(body.get("gpu_hours_wasted").isNull()).isTrue();
        assertThat(body.get("utilisation_last_hour").isNull()).isTrue();
        assertThat(body.has("console_link")).isFalse();
    }

    @Test
    void aSecretSignsTheBody() throws Exception {
        var request = new GenericJsonWebhook()
                .request(
                        Notices.notice("", ""), NoticeLanguage.EN, URI.create("https://hooks.example/in"), "s3cret", 0);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(request.headers())
                .containsEntry(
                        GenericJsonWebhook.SIGNATURE_HEADER,
                        "sha256="
                                + HexFormat.of()
                                        .formatHex(mac.doFinal(request.body().getBytes(StandardCharsets.UTF_8))));
    }
}
