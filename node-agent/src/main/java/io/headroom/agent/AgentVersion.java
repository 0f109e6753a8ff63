package io.headroom.agent;

import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into the jar's manifest, or "development build" when run from classes. */
public final class AgentVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return new String[] {"headroom-agent " + (version == null ? "development build" : version)};
    }
}
