package dev.rapport.cli;

import dev.rapport.config.ConfigException;
import dev.rapport.kafka.MissingAclException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one clear line on stderr and an exit code: 2 for configuration errors and
 * missing ACLs (fix the setting or the cluster's ACLs and retry), 1 for anything else. The stack trace goes to the log only.
 */
public final class FailureHandler implements IExecutionExceptionHandler {
    public static final int CONFIG_ERROR = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        if (e instanceof ConfigException) {
            cmd.getErr().println("rapport: configuration error: " + e.getMessage());
            return CONFIG_ERROR;
        }
        if (e instanceof MissingAclException) {
            // The cluster's ACLs, not the process, need fixing: restarting would fail the same way.
            LoggerFactory.getLogger(FailureHandler.class).debug("command failed", e);
            cmd.getErr().println("rapport: " + e.getMessage());
            return CONFIG_ERROR;
        }
        LoggerFactory.getLogger(FailureHandler.class).debug("command failed", e);
        cmd.getErr().println("rapport: " + cmd.getCommandName() + " failed: " + e.getMessage());
        return 1;
    }
}
