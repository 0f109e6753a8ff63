package io.headroom.app;

import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into the jar's manifest, or "development build" when run from classes. */
public final class ConsoleVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ConsoleVersion.class.getPackage().getImplementationVersion();
        return new String[] {"headroom " + (version == null ? "development build" : version)};
    }
}
