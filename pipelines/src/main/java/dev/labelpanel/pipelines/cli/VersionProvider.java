package dev.labelpanel.pipelines.cli;

import picocli.CommandLine;

/** The version from the jar manifest (the Maven project version). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"labelpanel " + (version == null ? "(development build)" : version)};
    }
}
