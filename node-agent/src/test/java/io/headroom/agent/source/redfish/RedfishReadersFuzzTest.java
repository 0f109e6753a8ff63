package io.headroom.agent.source.redfish;

import static io.headroom.agent.BrokenInputs.around;
import static io.headroom.agent.BrokenInputs.random;
import static io.headroom.agent.BrokenInputs.survive;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.headroom.agent.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever a BMC answers, the agent reads it or fails that BMC's poll with an IOException
 * naming the resource: a body is JSON or not, a chassis gives a reading (NaN for what it lacks),
 * a system an identity, a collection links on the same BMC. Seeds, and what fuzzing found, are
 * in {@code RedfishReadersFuzzTestInputs/anyResource/}.
 */
class RedfishReadersFuzzTest {

    private static final URI BMC = URI.create("https://10.0.0.21");
    private static final List<String> FIXTURES = List.of(
            "redfish/dell_chassis.json",
            "redfish/dell_power.json",
            "redfish/dell_systems.json",
            "redfish/dell_thermal.json");

    @FuzzTest(maxDuration = "60s")
    void anyResource(byte[] input) {
        JsonNode resource;
        try {
            resource = RedfishJson.parse(
                    new String(input, StandardCharsets.UTF_8), "/redfish/v1/Chassis/System.Embedded.1");
        } catch (IOException documented) {
            return;
        }
        // The same document as power and as thermal resource: every reader sees every key it looks for.
        ChassisReading reading = ChassisReading.of(resource, resource);
        assertThat(reading.fansFailed()).isBetween(0, reading.fans());
        ServerIdentity.of(resource).describe();
        for (JsonNode member : resource.path("Members")) {
            link(member);
        }
        link(resource.path("Power"));
        link(resource.path("Thermal"));
    }

    private static void link(JsonNode reference) {
        try {
            assertThat(RedfishJson.link(BMC, reference, "/redfish/v1/Chassis").getAuthority())
                    .isEqualTo("10.0.0.21");
        } catch (IOException documented) {
            // that BMC's poll fails with this message
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // against a parser that never returns, not a speed check
    void everyPrefixAndRandomChangeOfTheFixturesAndRandomBytes() {
        List<byte[]> inputs =
                new ArrayList<>(around(FIXTURES.stream().map(Fixtures::read).toList(), 41, 300));
        inputs.addAll(random(
                "{\"Members\":[{\"@odata.id\":\"//x:y/a b\"}],\"Fans\":[{\"Reading\":-1}],\"Status\":null}",
                42,
                2000,
                400));
        survive("Redfish readers", inputs, this::anyResource);
    }
}
