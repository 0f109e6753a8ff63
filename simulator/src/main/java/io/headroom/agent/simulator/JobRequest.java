package io.headroom.agent.simulator;

/** What a job asks the scheduler for; one instance is refilled for every arrival. */
final class JobRequest {

    enum Shape {
        /** Whole servers, for distributed training. */
        WHOLE_NODES,
        /** Some GPUs of one server. */
        GPUS,
        /** One MIG slice. */
        SLICE
    }

    Shape shape;
    int count;
    byte behaviour;
    int durationMinutes;
    /** Chance that the job sits on its GPUs doing nothing: a hung collective, a cold replica. */
    double idleChance;

    void set(Shape shape, int count, byte behaviour, int durationMinutes, double idleChance) {
        this.shape = shape;
        this.count = count;
        this.behaviour = behaviour;
        this.durationMinutes = durationMinutes;
        this.idleChance = idleChance;
    }

    /** Roughly how many GPUs' worth of capacity the request takes. */
    double weight(int gpusPerNode) {
        return switch (shape) {
            case WHOLE_NODES -> (double) count * gpusPerNode;
            case GPUS -> count;
            case SLICE -> 0.3;
        };
    }
}
