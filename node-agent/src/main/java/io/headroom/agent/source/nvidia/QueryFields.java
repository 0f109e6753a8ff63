package io.headroom.agent.source.nvidia;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The --query-gpu fields the agent asks for, chosen from what this driver offers
 * ({@code nvidia-smi --help-query-gpu}): asking for a field the driver does not know makes
 * nvidia-smi refuse the whole query, and field names change between drivers
 * (clocks_throttle_reasons became clocks_event_reasons in the 530 series).
 */
record QueryFields(List<String> names) {

    static final String INDEX = "index";
    static final String UUID = "uuid";
    static final String UTILIZATION = "utilization.gpu";
    static final String MEMORY_USED = "memory.used";
    static final String POWER_DRAW = "power.draw";
    static final String POWER_LIMIT = "power.limit";
    static final String GPU_TEMP = "temperature.gpu";
    static final String MEMORY_TEMP = "temperature.memory";
    static final String SM_CLOCK = "clocks.current.sm";
    static final String EVENT_REASONS = "clocks_event_reasons.active";
    static final String THROTTLE_REASONS = "clocks_throttle_reasons.active";
    static final String ECC_UNCORRECTED = "ecc.errors.uncorrected.volatile.total";
    static final String RETIRED_DOUBLE_BIT = "retired_pages.double_bit.count";
    static final String REMAP_FAILURE = "remapped_rows.failure";

    /** Always asked for: without these a line means nothing. */
    private static final List<String> REQUIRED =
            List.of(INDEX, UUID, UTILIZATION, MEMORY_USED, POWER_DRAW, POWER_LIMIT, GPU_TEMP, SM_CLOCK);
    /** Asked for when the driver knows them. */
    private static final List<String> OPTIONAL =
            List.of(MEMORY_TEMP, ECC_UNCORRECTED, RETIRED_DOUBLE_BIT, REMAP_FAILURE);

    private static final Pattern QUOTED = Pattern.compile("\"([a-z0-9_.]+)\"");

    /** What to ask a driver whose --help-query-gpu printed {@code help}. */
    static QueryFields choose(String help) {
        Set<String> offered = new HashSet<>();
        for (String line : help.split("\n", -1)) { // -1: an empty line does not start with a quote and is skipped
            if (line.startsWith("\"")) {
                Matcher m = QUOTED.matcher(line);
                while (m.find()) {
                    offered.add(m.group(1));
                }
            }
        }
        List<String> names = new ArrayList<>(REQUIRED);
        if (offered.contains(EVENT_REASONS)) {
            names.add(EVENT_REASONS);
        } else if (offered.contains(THROTTLE_REASONS)) {
            names.add(THROTTLE_REASONS);
        }
        for (String optional : OPTIONAL) {
            if (offered.contains(optional)) {
                names.add(optional);
            }
        }
        return new QueryFields(List.copyOf(names));
    }

    int indexOf(String name) {
        return names.indexOf(name);
    }

    String joined() {
        return String.join(",", names);
    }
}
