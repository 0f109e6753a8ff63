package io.headroom.bench.prometheus;

import io.headroom.bench.ProcessCpu;

/**
 * CPU over one measurement window: the whole machine's, the simulator's, this benchmark
 * JVM's own (which queries Prometheus as a dashboard would), and the collecting process's;
 * what is left is other work on the machine.
 */
record MachineWindow(
        double seconds,
        double machineBusySeconds,
        double machineTotalSeconds,
        double simulatorSeconds,
        double benchSeconds,
        double collectorSeconds) {

    /** The counters at the start of a window. */
    // busy and total CPU seconds as ProcessCpu.machineSeconds() returns them; read by index, never compared
    @SuppressWarnings("ArrayRecordComponent")
    record Start(long wallNanos, double[] machine, double simulator, double bench) {}

    static Start start(SimulatedSite site) {
        return new Start(System.nanoTime(), ProcessCpu.machineSeconds(), site.cpuSeconds(), benchCpu());
    }

    static MachineWindow end(Start start, SimulatedSite site, double collectorSeconds) {
        double[] machine = ProcessCpu.machineSeconds();
        return new MachineWindow(
                (System.nanoTime() - start.wallNanos()) / 1e9,
                machine[0] - start.machine()[0],
                machine[1] - start.machine()[1],
                site.cpuSeconds() - start.simulator(),
                benchCpu() - start.bench(),
                collectorSeconds);
    }

    /** Share of the machine in use, in percent of all cores. */
    double busyPercent() {
        return 100 * machineBusySeconds / machineTotalSeconds;
    }

    /** CPU of everything else on the machine, in cores. */
    double outsideCores() {
        return (machineBusySeconds - simulatorSeconds - benchSeconds - collectorSeconds) / seconds;
    }

    double cores(double cpuSeconds) {
        return cpuSeconds / seconds;
    }

    private static double benchCpu() {
        return ProcessCpu.cpuSeconds(ProcessHandle.current().pid());
    }
}
