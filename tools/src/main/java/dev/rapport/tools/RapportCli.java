package dev.rapport.tools;

import dev.rapport.cli.FailureHandler;
import dev.rapport.cli.JarVersion;
import dev.rapport.cli.PolicyCommand;
import dev.rapport.cli.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of rapport.jar: one subcommand per job. */
@Command(
        name = "rapport",
        mixinStandardHelpOptions = true,
        versionProvider = JarVersion.class,
        description = "Real-time brand engagement monitor on Kafka Streams.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ReplayCommand.class,
            GenerateCommand.class,
            CaptureCommand.class,
            BenchCommand.class,
            PolicyCommand.class
        })
public final class RapportCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new RapportCli()).setExecutionExceptionHandler(new FailureHandler());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
