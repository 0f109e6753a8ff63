package io.headroom.agent.source.nvidia;

import io.headroom.agent.Fixtures;
import java.util.HashMap;
import java.util.Map;

/** For tests in other packages: the lines a stand-in nvidia-smi prints, built from a capture. */
public final class NvidiaTestLines {
    private NvidiaTestLines() {}

    public static Object fieldsOf(String capture) {
        return SampleLineTest.fieldsOf(capture);
    }

    /** The capture's row under load, as the source's running query prints it, for the GPU with {@code uuid}. */
    public static String lineOf(String capture, Object fields, String uuid) {
        Map<String, String> row = new HashMap<>(Fixtures.queryGpuRow(capture, 1));
        row.put("uuid", uuid);
        return SampleLineTest.lineOf((QueryFields) fields, row) + "\n";
    }

    /** As {@link #lineOf(String, Object, String)}, with some fields changed, e.g. {@code temperature.gpu}. */
    public static String lineOf(String capture, Object fields, String uuid, Map<String, String> changed) {
        Map<String, String> row = new HashMap<>(Fixtures.queryGpuRow(capture, 1));
        row.put("uuid", uuid);
        row.putAll(changed);
        return SampleLineTest.lineOf((QueryFields) fields, row) + "\n";
    }
}
