package io.headroom.agent.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.operations.Answers;
import io.headroom.agent.operations.IdempotencyLedger;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.agent.reclaim.RobotServer.Answer;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.NotifyOwner;
import io.headroom.protocol.v1.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyOwnerHandlerTest {

    private static final String KEY = "0f1e2d3c-robot-key";

    @TempDir
    static Path dir;

    private static Path keystore;
    private RobotServer robot;
    private final List<ExecuteRequest> passedOn = new ArrayList<>();
    private final OperationHandler backend = new OperationHandler() {
        @Override
        public ExecuteResponse execute(ExecuteRequest request) {
            passedOn.add(request);
            return Answers.answer(ExecuteStatus.EXECUTE_STATUS_APPLIED, "drained", List.of(), 7);
        }

        @Override
        public long generation(String host) {
            return 7;
        }
    };

    @BeforeAll
    static void certificate() throws Exception {
        keystore = RobotServer.keystore(dir);
    }

    @BeforeEach
    void start() throws Exception {
        robot = new RobotServer(keystore);
    }

    @AfterEach
    void stop() {
        robot.close();
    }

    private NotifyOwnerHandler handler(Workload... workloads) {
        var webhook = new Webhook(
                "ops-wecom",
                new WeComRobot(MessageStyle.RICH),
                robot.url("/cgi-bin/webhook/send?key=" + KEY),
                null,
                NoticeLanguage.ZH_CN,
                Set.of("a100"));
        var clock = InstantSource.fixed(Instant.ofEpochMilli(Notices.NOW));
        var sender = new WebhookSender(
                robot.clientTls(),
                new WebhookSender.Tries(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(5)),
                wait -> {},
                new SendCounts(),
                clock);
        var gpus = new Notices.FakeGpus().idle(Notices.job(), 1, Notices.IDLE_SINCE);
        var writer = new NoticeWriter(gpus, new UtilisationTrail(), w -> 10, "https://console.example/w/{id}");
        return new NotifyOwnerHandler(
                backend,
                Notices.lookup(List.of(workloads)),
                new WebhookRoutes(List.of(webhook)),
                sender,
                writer,
                clock);
    }

    private static ExecuteRequest notify(String workloadId, boolean dryRun) {
        return ExecuteRequest.newBuilder()
                .setHostname("gpu-07")
                .setIdempotencyKey("k-" + workloadId)
                .setRequester("alice")
                .setDryRun(dryRun)
                .setNotifyOwner(
                        NotifyOwner.newBuilder().setWorkloadId(workloadId).setNote("请释放"))
                .build();
    }

    @Test
    void aDryRunSaysWhichWebhookToWhomAndTheMessageAndSendsNothing() {
        ExecuteResponse plan = handler(Notices.job()).execute(notify("slurm:hpc:4242", true));

        assertThat(plan.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
        assertThat(plan.getPlanList())
                .contains(
                        "webhook: ops-wecom (wecom, " + robot.url("/cgi-bin/webhook/send?key=***") + ")",
                        "to: zhangwei (zh-CN)",
                        "message: GPU 闲置占用提醒:train-llm (slurm:hpc:4242)",
                        "  备注:请释放",
                        "  控制台:https://console.example/w/slurm%3Ahpc%3A4242");
        assertThat(String.join("\n", plan.getPlanList())).doesNotContain(KEY);
        assertThat(plan.getGeneration()).isEqualTo(7);
        assertThat(robot.received).isEmpty();
    }

    @Test
    void applyingSendsTheMessage() {
        ExecuteResponse done = handler(Notices.job()).execute(notify("slurm:hpc:4242", false));

        assertThat(done.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(done.getMessage()).startsWith("told zhangwei about slurm:hpc:4242 through ops-wecom");
        assertThat(robot.received).hasSize(1);
        assertThat(robot.received.getFirst().body()).contains("请释放");
        assertThat(passedOn).isEmpty();
    }

    @Test
    void aRepeatedKeyIsSentOnceWhenTheLedgerWrapsIt() {
        var ledger = IdempotencyLedger.inMemory(handler(Notices.job()), 100);

        ledger.execute(notify("slurm:hpc:4242", false));
        ExecuteResponse again = ledger.execute(notify("slurm:hpc:4242", false));

        assertThat(again.getReplayed()).isTrue();
        assertThat(robot.received).hasSize(1);
    }

    @Test
    void anUnknownWorkloadIsRejectedInPlainWords() {
        ExecuteResponse answer = handler(Notices.job()).execute(notify("slurm:hpc:9", false));

        assertThat(answer.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(answer.getMessage())
                .isEqualTo(
                        "no workload slurm:hpc:9 on this agent (it may have ended, or runs elsewhere); nothing was sent");
    }

    @Test
    void aPoolWithNoWebhookIsRejectedInPlainWords() {
        Workload h100 = Notices.job().toBuilder().setPool("h100").build();

        ExecuteResponse answer = handler(h100).execute(notify("slurm:hpc:4242", true));

        assertThat(answer.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(answer.getMessage())
                .startsWith("no webhook is configured for pool h100 of slurm:hpc:4242; add one under notify.webhooks");
        assertThat(answer.getGeneration()).isEqualTo(7);
    }

    @Test
    void aFailedSendIsRejectedWithTheWebhooksError() {
        robot.answer(Answer.of(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"));

        ExecuteResponse answer = handler(Notices.job()).execute(notify("slurm:hpc:4242", false));

        assertThat(answer.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(answer.getMessage())
                .contains("could not tell zhangwei about slurm:hpc:4242")
                .contains("WeCom robot error 45009: api freq out of limit")
                .doesNotContain(KEY);
    }

    @Test
    void everyOtherActionGoesToTheBackend() {
        var drain = ExecuteRequest.newBuilder()
                .setHostname("gpu-07")
                .setIdempotencyKey("d1")
                .setDrain(Drain.getDefaultInstance())
                .build();

        ExecuteResponse answer = handler(Notices.job()).execute(drain);

        assertThat(answer.getMessage()).isEqualTo("drained");
        assertThat(passedOn).containsExactly(drain);
        assertThat(robot.received).isEmpty();
    }

    @Test
    void aRelayPassesOnWhatNoWebhookOfItsOwnServes() {
        var webhook = new Webhook(
                "ops-wecom",
                new WeComRobot(MessageStyle.RICH),
                robot.url("/cgi-bin/webhook/send?key=" + KEY),
                null,
                NoticeLanguage.ZH_CN,
                Set.of("a100"));
        var clock = InstantSource.fixed(Instant.ofEpochMilli(Notices.NOW));
        var sender =
                new WebhookSender(robot.clientTls(), WebhookSender.Tries.DEFAULT, wait -> {}, new SendCounts(), clock);
        var writer = new NoticeWriter(new Notices.FakeGpus(), new UtilisationTrail(), w -> 10, "");
        Workload h100 =
                Notices.job().toBuilder().setId("slurm:hpc:5").setPool("h100").build();
        var relay = new NotifyOwnerHandler(
                backend,
                Notices.lookup(List.of(Notices.job(), h100)),
                new WebhookRoutes(List.of(webhook)),
                sender,
                writer,
                clock,
                true);

        relay.execute(notify("slurm:hpc:5", false));
        relay.execute(notify("slurm:hpc:404", false));
        relay.execute(notify("slurm:hpc:4242", false));

        assertThat(passedOn)
                .extracting(r -> r.getNotifyOwner().getWorkloadId())
                .containsExactly("slurm:hpc:5", "slurm:hpc:404");
        assertThat(robot.received).hasSize(1);
    }
}
