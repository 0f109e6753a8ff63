package io.headroom.bench;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Another JVM of this benchmark (an agent, a relay), read through its management beans: the
 * bytes all its threads have allocated and its heap after a full collection, which its CPU time
 * from {@code /proc} does not say. Attached with the JDK's attach API, which starts the child's
 * local management agent; nothing is asked of the child at start. A child that refuses is
 * reported as unknown, never as 0.
 */
final class AttachedJvm implements AutoCloseable {

    private final JMXConnector connector;
    private final com.sun.management.ThreadMXBean threads;
    private final MemoryMXBean memory;

    private AttachedJvm(JMXConnector connector) throws IOException {
        this.connector = connector;
        var beans = connector.getMBeanServerConnection();
        this.threads = ManagementFactory.newPlatformMXBeanProxy(
                beans, ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
        this.memory = ManagementFactory.newPlatformMXBeanProxy(
                beans, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    }

    /**
     * @throws IOException naming the process when it cannot be attached to (it has gone, or
     *     refuses attaching)
     */
    // The address is the one the attach API just had the child's own management agent open on this
    // machine, for a process this benchmark started: no user input reaches JNDI.
    @SuppressWarnings("BanJNDI")
    static AttachedJvm to(long pid) throws IOException {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException e) {
            throw new IOException(
                    String.format(Locale.ROOT, "could not attach to process %d: %s", pid, e.getMessage()), e);
        }
        return new AttachedJvm(JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    /** Bytes allocated by all its threads since it started. */
    long allocatedBytes() {
        return threads.getTotalThreadAllocatedBytes();
    }

    /** Heap in use after a full collection, which this call asks for. */
    long heapAfterGcBytes() {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
