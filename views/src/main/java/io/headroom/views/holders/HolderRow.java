package io.headroom.views.holders;

import io.headroom.core.workload.IdleHolder;
import io.headroom.core.workload.Workload;
import io.headroom.views.Messages;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One workload on the Idle holders page. A row lives as long as its workload holds idle
 * capacity: each refresh hands it the fresh figures, so the table keeps its selection and
 * scroll position while they move. Setting a property to the text it has fires nothing.
 */
public final class HolderRow {

    private final Messages messages;
    private IdleHolder holder;
    private final ReadOnlyStringWrapper job = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper user = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper account = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper pool = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper gpus = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper idleFor = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper wasted = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper runtime = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper nodes = new ReadOnlyStringWrapper();

    HolderRow(Messages messages, IdleHolder holder, long nowMillis) {
        this.messages = messages;
        refresh(holder, nowMillis);
    }

    void refresh(IdleHolder latest, long nowMillis) {
        holder = latest;
        Workload workload = latest.workload();
        job.set(HolderText.job(messages, workload));
        user.set(HolderText.orNone(messages, workload.user()));
        account.set(HolderText.account(messages, workload));
        pool.set(HolderText.orNone(messages, workload.pool()));
        gpus.set(messages.format("holders.gpus", latest.gpusIdle(), latest.gpusHeld()));
        idleFor.set(
                latest.idleSince() == null
                        ? messages.get("value.none")
                        : messages.age(nowMillis - latest.idleSince().toEpochMilli()));
        wasted.set(messages.oneDecimal(latest.gpuHoursWasted()));
        runtime.set(HolderText.runtime(messages, latest));
        nodes.set(nodesText(latest.nodes()));
    }

    private String nodesText(List<String> hosts) {
        if (hosts.size() <= 2) {
            return String.join(", ", hosts);
        }
        return messages.format("holders.nodes.more", hosts.get(0), hosts.get(1), hosts.size() - 2);
    }

    public IdleHolder holder() {
        return holder;
    }

    public String id() {
        return holder.id();
    }

    /** "Job 4242 · train" or "Pod ml/notebook-7". */
    public ReadOnlyStringProperty jobProperty() {
        return job.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty userProperty() {
        return user.getReadOnlyProperty();
    }

    /** The Slurm account or Kubernetes namespace, with the tenant when it says more. */
    public ReadOnlyStringProperty accountProperty() {
        return account.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty poolProperty() {
        return pool.getReadOnlyProperty();
    }

    /** "6 of 8": idle of held. */
    public ReadOnlyStringProperty gpusProperty() {
        return gpus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty idleForProperty() {
        return idleFor.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty wastedProperty() {
        return wasted.getReadOnlyProperty();
    }

    /** "5 h of 24 h": runtime and time limit, each a dash when unknown. */
    public ReadOnlyStringProperty runtimeProperty() {
        return runtime.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nodesProperty() {
        return nodes.getReadOnlyProperty();
    }
}
