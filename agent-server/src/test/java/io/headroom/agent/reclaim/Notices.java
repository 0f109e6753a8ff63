package io.headroom.agent.reclaim;

import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** A Slurm job holding two idle GPUs since 20:00 UTC, told at 22:30 UTC: the notice every format test writes. */
final class Notices {

    static final long IDLE_SINCE = Instant.parse("2026-12-05T20:00:00Z").toEpochMilli();
    static final long NOW = Instant.parse("2026-12-05T22:30:00Z").toEpochMilli();

    private Notices() {}

    static Workload job() {
        return Workload.newBuilder()
                .setId("slurm:hpc:4242")
                .setKind(WorkloadKind.WORKLOAD_KIND_SLURM_JOB)
                .setSchedulerId("4242")
                .setName("train-llm")
                .setUser("zhangwei")
                .setAccount("nlp")
                .setPool("a100")
                .setQos("normal")
                .addHoldings(gpu("gpu-07", 0))
                .addHoldings(gpu("gpu-07", 1))
                .build();
    }

    static Holding gpu(String host, int index) {
        return Holding.newBuilder().setHostname(host).setGpuIndex(index).build();
    }

    /** Both GPUs of {@link #job()} idle since 20:00, the last hour at 1, 1, 2, 1, 1 % (five minutes sampled). */
    static OwnerNotice notice(String note, String link) {
        return new OwnerNotice(
                job(),
                job().getHoldingsList(),
                OptionalLong.of(IDLE_SINCE),
                5.0,
                UtilisationSummary.of(new double[] {1, 1, 20, 1, 1}),
                note,
                link,
                NOW);
    }

    /** The same job with nothing known about its GPUs. */
    static OwnerNotice unknown() {
        return new OwnerNotice(job(), job().getHoldingsList(), OptionalLong.empty(), Double.NaN, null, "", "", NOW);
    }

    /** GPU states set by hand. */
    static final class FakeGpus implements GpuStates {
        final Map<String, Float> pct = new HashMap<>();
        final Map<String, Long> since = new HashMap<>();

        FakeGpus set(Holding gpu, float activity, long idleSince) {
            pct.put(key(gpu), activity);
            since.put(key(gpu), idleSince);
            return this;
        }

        FakeGpus idle(Workload workload, float activity, long idleSince) {
            workload.getHoldingsList().forEach(g -> set(g, activity, idleSince));
            return this;
        }

        FakeGpus busy(Workload workload) {
            workload.getHoldingsList().forEach(g -> set(g, 90, NOT_IDLE));
            return this;
        }

        @Override
        public float activityPct(Holding gpu) {
            return pct.getOrDefault(key(gpu), Float.NaN);
        }

        @Override
        public long idleSinceMillis(Holding gpu) {
            return since.getOrDefault(key(gpu), NOT_IDLE);
        }

        private static String key(Holding gpu) {
            return gpu.getHostname() + "/" + gpu.getGpuIndex();
        }
    }

    static WorkloadLookup lookup(List<Workload> workloads) {
        return new WorkloadLookup() {
            @Override
            public java.util.Optional<Workload> find(String id) {
                return workloads.stream().filter(w -> w.getId().equals(id)).findFirst();
            }

            @Override
            public java.util.Collection<Workload> all() {
                return workloads;
            }
        };
    }
}
