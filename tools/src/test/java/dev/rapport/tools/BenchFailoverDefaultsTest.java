package dev.rapport.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.FailoverDefaults;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Without flags, `bench --failover` measures the failover of Rapport's own defaults. */
class BenchFailoverDefaultsTest {
    @Test
    void theFailoverPhaseDefaultsToRapportsFailoverDefaults() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--failover-only");

        assertThat(bench.failoverGroupProtocol).isEqualTo("classic");
        assertThat(bench.failoverStandbyReplicas).isEqualTo(FailoverDefaults.STANDBY_REPLICAS);
        assertThat(bench.failoverSessionTimeoutSeconds).isEqualTo(FailoverDefaults.SESSION_TIMEOUT.toSeconds());
        assertThat(bench.failoverAbortCheckMs).isEqualTo(FailoverDefaults.BROKER_TRANSACTION_ABORT_CHECK.toMillis());
    }
}
