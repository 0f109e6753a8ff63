package io.headroom.agent.source.redfish;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Who a BMC belongs to, from its Redfish {@code ComputerSystem}: logged when the agent starts,
 * so an operator can check each configured BMC is the server they meant (service tags are what
 * technicians read off the front of the chassis).
 */
record ServerIdentity(
        String manufacturer, String model, String serialNumber, String serviceTag, String hostName, String powerState) {

    static ServerIdentity of(JsonNode system) {
        return new ServerIdentity(
                system.path("Manufacturer").asText(""),
                system.path("Model").asText(""),
                system.path("SerialNumber").asText(""),
                system.path("SKU").asText(""),
                system.path("HostName").asText(""),
                system.path("PowerState").asText(""));
    }

    String describe() {
        return (manufacturer + " " + model).strip()
                + (serviceTag.isEmpty() ? "" : ", service tag " + serviceTag)
                + (serialNumber.isEmpty() ? "" : ", serial " + serialNumber)
                + (hostName.isEmpty() ? "" : ", host " + hostName)
                + (powerState.isEmpty() ? "" : ", power " + powerState);
    }
}
