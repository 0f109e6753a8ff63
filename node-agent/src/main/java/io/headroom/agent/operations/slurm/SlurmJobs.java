package io.headroom.agent.operations.slurm;

import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The Slurm jobs on one node and the GPUs each holds there, asked of Slurm with the same
 * bounded commands as the operations: {@code squeue -w <node>} for the jobs' numbers (so a
 * cluster's thousands of other jobs are never read), then {@code scontrol -d show job} for each.
 */
public final class SlurmJobs {

    /** What the workload ids say when Slurm does not name its cluster. */
    static final String UNNAMED_CLUSTER = "slurm";

    private final Scontrol scontrol;
    private final ZoneId zone;
    private volatile String cluster;

    public SlurmJobs(Scontrol scontrol, ZoneId zone) {
        this.scontrol = scontrol;
        this.zone = zone;
    }

    /** Every job Slurm places on {@code host} now, running or suspended, GPUs or none. */
    public List<SlurmJob> on(String host) throws Scontrol.ScontrolException {
        String listed = scontrol.run(List.of(
                scontrol.sibling("squeue"),
                "-h",
                "-w",
                host,
                "-t",
                "RUNNING,SUSPENDED,CONFIGURING,COMPLETING",
                "-o",
                "%A"));
        List<SlurmJob> jobs = new ArrayList<>();
        for (String id : new TreeSet<>(listed.lines().map(String::strip).toList())) {
            if (id.isEmpty()) {
                continue;
            }
            if (!id.matches("[0-9]{1,12}")) {
                throw new Scontrol.ScontrolException(
                        "squeue -w " + host + " printed '" + cut(id) + "' where a job number belongs");
            }
            find(id).filter(job -> job.runsOn(host)).ifPresent(jobs::add);
        }
        return List.copyOf(jobs);
    }

    /** The job with Slurm's number {@code jobId}; empty when Slurm no longer knows it (it ended between). */
    public Optional<SlurmJob> find(String jobId) throws Scontrol.ScontrolException {
        String output;
        try {
            output = scontrol.run(scontrol.command("-d", "show", "job", jobId, "--oneliner"));
        } catch (Scontrol.ScontrolException e) {
            if (e.getMessage().contains("Invalid job id specified")) {
                return Optional.empty();
            }
            throw e;
        }
        String line = output.lines()
                .filter(l -> l.startsWith("JobId="))
                .findFirst()
                .orElseThrow(() -> new Scontrol.ScontrolException(
                        "scontrol show job " + jobId + " printed no job: " + cut(output.strip())));
        try {
            return Optional.of(SlurmJob.parse(line, zone));
        } catch (IllegalArgumentException e) {
            throw new Scontrol.ScontrolException(e.getMessage());
        }
    }

    /** The cluster's name ({@code ClusterName} in slurm.conf), asked once; {@value #UNNAMED_CLUSTER} while unknown. */
    public String cluster() {
        String known = cluster;
        if (known != null) {
            return known;
        }
        try {
            for (String line :
                    scontrol.run(scontrol.command("show", "config")).lines().toList()) {
                String[] kv = line.split("=", 2);
                if (kv.length == 2 && kv[0].strip().equals("ClusterName")) {
                    String name = kv[1].strip();
                    cluster = name.isEmpty() || name.equals("(null)") ? UNNAMED_CLUSTER : name;
                    return cluster;
                }
            }
            cluster = UNNAMED_CLUSTER;
        } catch (Scontrol.ScontrolException e) {
            return UNNAMED_CLUSTER; // asked again next time
        }
        return cluster;
    }

    /** The workload id the console knows the job by: {@code slurm:<cluster>:<job id>}. */
    public String workloadId(SlurmJob job) {
        return "slurm:" + cluster() + ":" + job.schedulerId();
    }

    /** The jobs on {@code host} that hold GPUs there, as workloads for the console. */
    public List<Workload> workloads(String host) throws Scontrol.ScontrolException {
        List<Workload> workloads = new ArrayList<>();
        for (SlurmJob job : on(host)) {
            if (!job.gpusOn(host).isEmpty()) {
                workloads.add(workload(job, host));
            }
        }
        return List.copyOf(workloads);
    }

    Workload workload(SlurmJob job, String host) {
        var workload = Workload.newBuilder()
                .setId(workloadId(job))
                .setKind(WorkloadKind.WORKLOAD_KIND_SLURM_JOB)
                .setSchedulerId(job.schedulerId())
                .setName(job.name())
                .setUser(job.user())
                .setAccount(job.account())
                .setPool(job.partition())
                .setQos(job.qos())
                .setStartTimeMs(job.startTimeMs())
                .setTimeLimitMs(job.timeLimitMs())
                .setRequeueable(job.requeueable());
        for (int index : new TreeSet<>(job.gpusOn(host))) {
            workload.addHoldings(
                    Holding.newBuilder().setHostname(host).setGpuIndex(index).build());
        }
        return workload.build();
    }

    private static String cut(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
