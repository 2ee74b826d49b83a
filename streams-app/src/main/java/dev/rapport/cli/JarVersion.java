package dev.rapport.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the version the build wrote into the jar's manifest, so the command line never
 * states a version the jar is not. Run from classes instead of a jar (an IDE), there is no manifest.
 */
public final class JarVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = JarVersion.class.getPackage().getImplementationVersion();
        return new String[] {"rapport " + (version == null ? "(not from a built jar)" : version)};
    }
}
