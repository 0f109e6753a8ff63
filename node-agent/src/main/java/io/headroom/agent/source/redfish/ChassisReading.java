package io.headroom.agent.source.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * What one chassis's Redfish {@code Power} and {@code Thermal} resources say. Inlet and
 * exhaust sensors are found by their {@code PhysicalContext} (Intake, Exhaust) or, as Dell and
 * others name them, by "Inlet"/"Exhaust"/"Outlet" in the sensor's name; NaN when the BMC has none.
 */
record ChassisReading(float inletC, float exhaustC, float powerW, int fans, int fansFailed) {

    static ChassisReading of(JsonNode power, JsonNode thermal) {
        float inlet = Float.NaN;
        float exhaust = Float.NaN;
        for (JsonNode sensor : thermal.path("Temperatures")) {
            if (!enabled(sensor) || !sensor.path("ReadingCelsius").isNumber()) {
                continue;
            }
            float reading = (float) sensor.path("ReadingCelsius").asDouble();
            String context = sensor.path("PhysicalContext").asText("");
            String name = sensor.path("Name").asText("").toLowerCase(Locale.ROOT);
            if (context.equals("Intake") || name.contains("inlet") || name.contains("intake")) {
                inlet = Float.isNaN(inlet) ? reading : Math.max(inlet, reading);
            } else if (context.equals("Exhaust") || name.contains("exhaust") || name.contains("outlet")) {
                exhaust = Float.isNaN(exhaust) ? reading : Math.max(exhaust, reading);
            }
        }
        int fans = 0;
        int failed = 0;
        for (JsonNode fan : thermal.path("Fans")) {
            String state = fan.path("Status").path("State").asText("Enabled");
            if (state.equals("Absent")) {
                continue;
            }
            fans++;
            String health = fan.path("Status").path("Health").asText("OK");
            // A fan present but reading no speed has stopped, whatever its health says.
            boolean stopped = fan.path("Reading").isNumber()
                    && fan.path("Reading").asDouble() <= 0
                    && "RPM".equals(fan.path("ReadingUnits").asText("RPM"));
            if (!health.equals("OK") || stopped) {
                failed++;
            }
        }
        float watts = Float.NaN;
        // The first PowerControl is the whole chassis; vendors that add more use them for parts of it.
        for (JsonNode control : power.path("PowerControl")) {
            if (control.path("PowerConsumedWatts").isNumber()) {
                watts = (float) control.path("PowerConsumedWatts").asDouble();
                break;
            }
        }
        return new ChassisReading(inlet, exhaust, watts, fans, failed);
    }

    private static boolean enabled(JsonNode sensor) {
        return sensor.path("Status").path("State").asText("Enabled").equals("Enabled");
    }
}
