package io.headroom.agent.simulator;

/**
 * The workload that held a GPU for an hour of the simulated fleet's past, named as the live
 * simulator names its workloads ({@link JobWorkloads}): the same users, accounts, pod and job
 * id formats, the same person for the same job number.
 */
public final class PastHolder {

    /** What kind of workload it was, which decides its id and its account. */
    enum Kind {
        /** A Slurm job on whole servers. */
        SLURM_JOB,
        /** A Kubernetes pod of an inference service. */
        SERVICE_POD,
        /** A Jupyter notebook's pod. */
        NOTEBOOK
    }

    private final Kind kind;
    private final int number;
    private final String user;
    private final String account;
    private final String tenant;
    private final long seed;
    private final String cluster;

    PastHolder(Kind kind, int number, String tenant, long seed, String cluster) {
        this.kind = kind;
        this.number = number;
        this.user = JobWorkloads.user(seed, number);
        // A pod's account is its namespace, as the protocol's ACCOUNT grouping reads Kubernetes workloads.
        this.account = kind == Kind.SLURM_JOB ? JobWorkloads.slurmAccount(seed, number) : tenant;
        this.tenant = tenant;
        this.seed = seed;
        this.cluster = cluster;
    }

    Kind kind() {
        return kind;
    }

    /** The job number its scheduler gave it. */
    public int number() {
        return number;
    }

    public String user() {
        return user;
    }

    /** The Slurm account it was charged to; for a pod, its namespace (its tenant). */
    public String account() {
        return account;
    }

    public String tenant() {
        return tenant;
    }

    /** The id the live simulator would report it under, e.g. "slurm:sim:2301" or "k8s:university-pilot/li-na-1rx-0". */
    public String workloadId() {
        return switch (kind) {
            case SLURM_JOB -> JobWorkloads.slurmId(cluster, Integer.toString(number));
            case SERVICE_POD -> JobWorkloads.podId(tenant, JobWorkloads.servicePod(seed, number));
            case NOTEBOOK -> JobWorkloads.podId(tenant, JobWorkloads.notebookName(seed, number) + "-0");
        };
    }

    boolean is(Kind otherKind, int otherNumber, String otherTenant) {
        return kind == otherKind && number == otherNumber && tenant.equals(otherTenant);
    }

    /** Same workload: same kind and job number (the rest follows from them). */
    public boolean sameWorkload(PastHolder other) {
        return other != null && kind == other.kind && number == other.number && tenant.equals(other.tenant);
    }

    @Override
    public String toString() {
        return workloadId() + " (" + user + ", " + account() + ", " + tenant + ")";
    }
}
