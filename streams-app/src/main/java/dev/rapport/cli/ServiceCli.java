package dev.rapport.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the service's jar (the container image): the commands an operator runs in production. */
@Command(
        name = "rapport",
        mixinStandardHelpOptions = true,
        versionProvider = JarVersion.class,
        description = "Real-time brand engagement monitor on Kafka Streams: the production service.",
        subcommands = {RunCommand.class, PolicyCommand.class})
public final class ServiceCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServiceCli())
                .setExecutionExceptionHandler(new FailureHandler())
                .execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
