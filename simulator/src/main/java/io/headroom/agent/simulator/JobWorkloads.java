package io.headroom.agent.simulator;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simulated jobs as their schedulers would report them: Slurm jobs in the training and batch
 * pools (users, accounts, partitions, QOS, time limits, array tasks), Kubernetes pods in the
 * inference pools (namespaces of their tenants, owned by Deployments and Jobs, some on MIG
 * slices) and Jupyter notebooks in the development pools, each holding the GPUs the scheduler
 * gave it. Every detail is a hash of the seed and the job's number, so it costs no draw from
 * the model's random streams and the same seed gives the same people.
 */
final class JobWorkloads {

    private static final long WHO = 0x77686FL;
    private static final List<String> USERS = List.of(
            "wang.lei",
            "li.na",
            "zhang.wei",
            "chen.jing",
            "liu.yang",
            "maria.garcia",
            "j.smith",
            "a.kumar",
            "s.okafor",
            "t.nguyen",
            "k.tanaka",
            "e.muller",
            "r.silva",
            "o.hassan",
            "p.novak",
            "m.rossi");
    private static final List<String> ACCOUNTS =
            List.of("nlp-lab", "cv-team", "speech-lab", "robotics", "rl-group", "foundation-models");
    private static final List<String> TRAINING_NAMES = List.of(
            "llama3-70b-pretrain",
            "vit-h14-finetune",
            "whisper-distill",
            "rlhf-ppo-13b",
            "sdxl-lora",
            "bert-sweep",
            "moe-8x7b-continue",
            "protein-fold-eval");
    private static final List<String> SERVICES =
            List.of("llama-70b-chat", "mixtral-router", "embed-e5-large", "rerank-v2", "whisper-asr", "sdxl-images");
    private static final String HEX = "0123456789abcdef";
    private static final String POD_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private final long seed;
    private final String cluster;
    private final long startMillis;
    private final FleetTopology topology;
    private final NodeAdmin admin;

    /** @param cluster the Slurm cluster name in workload ids */
    JobWorkloads(long seed, String cluster, long startMillis, FleetTopology topology, NodeAdmin admin) {
        this.seed = seed;
        this.cluster = cluster;
        this.startMillis = startMillis;
        this.topology = topology;
        this.admin = admin;
    }

    /** Every running job as a workload, by workload id; {@code jobOf} is filled with each id's job. */
    List<Workload> describe(JobScheduler scheduler, Map<String, Integer> jobOf) {
        JobTable jobs = scheduler.jobs();
        FleetLayout layout = topology.layout;
        Workload.Builder[] byJob = new Workload.Builder[jobs.idBound()];
        for (int n = 0; n < topology.nodeCount(); n++) {
            for (int u = topology.nodeUnitStart[n]; u < topology.nodeUnitEnd[n]; u++) {
                int job = scheduler.job(u);
                if (job == JobScheduler.FREE) {
                    continue;
                }
                if (byJob[job] == null) {
                    byJob[job] = describe(jobs, job, n);
                }
                var holding = Holding.newBuilder().setHostname(topology.hostname[n]);
                if (layout.isSlice(u)) {
                    holding.setGpuIndex(
                                    layout.accelerator(layout.parentGpuSlot(u)).index())
                            .setGpuInstanceId(layout.slice(u).gpuInstanceId());
                } else {
                    holding.setGpuIndex(layout.accelerator(u).index());
                }
                byJob[job].addHoldings(holding);
            }
        }
        List<Workload> workloads = new ArrayList<>();
        jobOf.clear();
        for (int job = 0; job < byJob.length; job++) {
            if (byJob[job] != null) {
                Workload workload = byJob[job].build();
                workloads.add(workload);
                jobOf.put(workload.getId(), job);
            }
        }
        return workloads;
    }

    /** One job's workload, without holdings; {@code node} is where its first unit is. */
    private Workload.Builder describe(JobTable jobs, int job, int node) {
        int number = jobs.number(job);
        long who = SimHash.hash(seed, WHO, number);
        int pool = jobs.pool(job) >= 0 ? jobs.pool(job) : admin.pool(node);
        String poolName = admin.poolName(pool);
        String tenant = admin.tenant(node);
        String user = user(seed, number);
        var workload = Workload.newBuilder()
                .setUser(user)
                .setPool(poolName)
                .setTenant(tenant)
                .setStartTimeMs(startMillis + jobs.startMinute(job) * 60_000L);
        boolean pods = admin.poolWorkload(pool) == PoolWorkload.INFER || jobs.behaviour(job) == JobTable.NOTEBOOK;
        if (!pods) {
            slurm(workload, jobs, job, number, who);
        } else if (jobs.behaviour(job) == JobTable.NOTEBOOK) {
            String owner = notebookName(seed, number);
            pod(workload, tenant, owner + "-0", "Notebook", owner)
                    .setName("jupyter " + user)
                    .putLabels("notebook-name", owner);
        } else {
            String service = pick(SERVICES, who, 1);
            boolean batch = SimHash.unit(SimHash.hash(who, 2)) < 0.15;
            String owner = batch ? "batch-" + service + "-" + number : service;
            pod(workload, tenant, servicePod(seed, number), batch ? "Job" : "Deployment", owner)
                    .setName(service)
                    .putLabels("app", service);
        }
        return workload;
    }

    /** The user who submitted job {@code number}: a hash of the seed and the number alone. */
    static String user(long seed, int number) {
        return pick(USERS, SimHash.hash(seed, WHO, number), 0);
    }

    /** The Slurm account job {@code number} was charged to. */
    static String slurmAccount(long seed, int number) {
        return pick(ACCOUNTS, SimHash.hash(seed, WHO, number), 7);
    }

    /** A notebook's name: the job number keeps two notebooks of one user apart, as Kubeflow's generated names do. */
    static String notebookName(long seed, int number) {
        return user(seed, number).replace('.', '-') + "-" + Integer.toString(number, 36);
    }

    /** The pod of inference job {@code number}: a Deployment's replica, or about one in seven a batch Job's pod. */
    static String servicePod(long seed, int number) {
        long who = SimHash.hash(seed, WHO, number);
        String service = pick(SERVICES, who, 1);
        boolean batch = SimHash.unit(SimHash.hash(who, 2)) < 0.15;
        return batch
                ? "batch-" + service + "-" + number + "-" + code(who, 5, POD_CHARS, 5)
                : service + "-" + code(who, 6, HEX, 10) + "-" + code(who, 7, POD_CHARS, 5);
    }

    private void slurm(Workload.Builder workload, JobTable jobs, int job, int number, long who) {
        // About one GPU job in six is a task of a job array, numbered as Slurm does: 4242_7.
        boolean arrayTask = jobs.shape(job) == JobRequest.Shape.GPUS && SimHash.unit(SimHash.hash(who, 3)) < 0.17;
        int task = SimHash.below(SimHash.hash(who, 4), 16);
        String schedulerId = arrayTask ? (number - task) + "_" + task : Integer.toString(number);
        double qos = SimHash.unit(SimHash.hash(who, 5));
        workload.setId(slurmId(cluster, schedulerId))
                .setKind(WorkloadKind.WORKLOAD_KIND_SLURM_JOB)
                .setSchedulerId(schedulerId)
                .setName(pick(TRAINING_NAMES, who, 6))
                .setAccount(slurmAccount(seed, number))
                .setQos(qos < 0.7 ? "normal" : qos < 0.85 ? "high" : "low")
                .setTimeLimitMs(jobs.timeLimitMinutes(job) * 60_000L)
                .setRequeueable(SimHash.unit(SimHash.hash(who, 8)) < 0.6);
    }

    static String slurmId(String cluster, String schedulerId) {
        return "slurm:" + cluster + ":" + schedulerId;
    }

    static String podId(String namespace, String pod) {
        return "k8s:" + namespace + "/" + pod;
    }

    private static Workload.Builder pod(
            Workload.Builder workload, String namespace, String pod, String ownerKind, String ownerName) {
        return workload.setId(podId(namespace, pod))
                .setKind(WorkloadKind.WORKLOAD_KIND_KUBERNETES_POD)
                .setSchedulerId(pod)
                .setNamespace(namespace)
                .setOwnerKind(ownerKind)
                .setOwnerName(ownerName);
    }

    private static String pick(List<String> from, long hash, int lane) {
        return from.get(SimHash.below(SimHash.hash(hash, lane), from.size()));
    }

    private static String code(long hash, int lane, String alphabet, int length) {
        long h = SimHash.hash(hash, 100 + lane);
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt((int) Long.remainderUnsigned(h, alphabet.length())));
            h = Long.divideUnsigned(h, alphabet.length());
            if (h == 0) {
                h = SimHash.hash(hash, 200 + lane + i);
            }
        }
        return text.toString();
    }
}
