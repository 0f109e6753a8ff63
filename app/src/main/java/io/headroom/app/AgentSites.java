package io.headroom.app;

import io.headroom.client.AgentList;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.security.ChannelSecurity;
import io.headroom.wire.security.SiteSecurity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents a console or a report reaches and how: those named by {@code --agent}, then those
 * of each {@code --agents-file} not already named, each with the security its file says or,
 * failing that, the command line's. One reading for the console and {@code headroom report}.
 */
final class AgentSites {

    private AgentSites() {}

    /**
     * @throws IllegalArgumentException naming the option and what is wrong with it
     */
    static Map<AgentEndpoint, ChannelSecurity> resolve(
            List<String> agents, List<Path> agentsFiles, SiteSecurity commandLine) {
        List<AgentEndpoint> endpoints = new ArrayList<>();
        for (String agent : agents) {
            try {
                endpoints.add(AgentEndpoint.parse(agent));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--agent: " + e.getMessage(), e);
            }
        }
        Map<AgentEndpoint, SiteSecurity> sites = new LinkedHashMap<>();
        for (Path agentsFile : agentsFiles) {
            try {
                AgentList.Site site = AgentList.readSite(agentsFile);
                for (AgentEndpoint endpoint : site.endpoints()) {
                    if (!endpoints.contains(endpoint)) {
                        endpoints.add(endpoint);
                        sites.put(endpoint, site.security().orElse(commandLine));
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--agents-file: " + e.getMessage(), e);
            }
        }
        Map<AgentEndpoint, ChannelSecurity> security = new LinkedHashMap<>();
        for (AgentEndpoint endpoint : endpoints) {
            security.put(endpoint, sites.getOrDefault(endpoint, commandLine).resolve(endpoint));
        }
        return security;
    }
}
