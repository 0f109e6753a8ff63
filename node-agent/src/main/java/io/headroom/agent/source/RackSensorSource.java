package io.headroom.agent.source;

/** The rack's own sensors (Redfish BMCs): inlet and exhaust air, fans, power. */
public interface RackSensorSource extends AutoCloseable {

    String name();

    void start() throws SourceException;

    /** The latest complete reading, or null before the first. */
    RackReading latest();

    SourceHealth health();

    @Override
    void close();
}
