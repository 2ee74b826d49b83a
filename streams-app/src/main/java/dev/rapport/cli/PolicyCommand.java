package dev.rapport.cli;

import dev.rapport.calendar.BusinessHours;
import dev.rapport.config.ConfigException;
import dev.rapport.config.Durations;
import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.kafka.KafkaEndpoint;
import dev.rapport.kafka.PolicyTopic;
import dev.rapport.kafka.RapportTopics;
import dev.rapport.kafka.Retrying;
import dev.rapport.kafka.TopicSetup;
import dev.rapport.policy.Policy;
import dev.rapport.policy.PolicyFile;
import dev.rapport.policy.PolicyOverride;
import dev.rapport.policy.PolicyRecords;
import dev.rapport.policy.ResponseHorizonBound;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.registry.SchemaRegistryCheck;
import dev.rapport.schema.BrandPolicy;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rapport policy}: set, reset and list brand policies on {@code rapport.brand-policies}.
 * Running applications pick a change up within moments, without a restart.
 */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = "Set, reset and list brand policy overrides (topic rapport.brand-policies) on a running cluster.",
        subcommands = {PolicyCommand.Set.class, PolicyCommand.Reset.class, PolicyCommand.ListPolicies.class})
public final class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The cluster connection and topics of one policy command. */
    private static <T> T withTopic(ConfigOptions options, Function<PolicyTopic, T> action) {
        RapportConfig config = options.load(Map.of());
        if (config.bootstrapServers().isEmpty()) {
            throw new ConfigException("setting '" + Setting.BOOTSTRAP_SERVERS.key()
                    + "' is required: policies live on the cluster Rapport runs on (use --bootstrap-servers)");
        }
        SharedRegistry.require(
                config,
                "policy",
                "the policy records would carry schema ids that run, reading with the shared registry, cannot"
                        + " resolve: it would log and ignore them");
        SchemaRegistryCheck.verify(config, SchemaRegistryCheck.DEFAULT_TIMEOUT);
        try (KafkaEndpoint kafka = KafkaEndpoint.open(config);
                Admin admin = Admin.create(kafka.clientProperties())) {
            Retrying retrying = Retrying.forCommand(config, System.err);
            TopicSetup.ensure(admin, RapportTopics.specs(config), retrying, null);
            Topics topics = new Topics(SchemaRegistries.forConfig(config));
            return action.apply(new PolicyTopic(kafka.clientProperties(), topics, retrying));
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = "Change brand policies: the given fields replace the brand's current ones, the others stay.")
    static final class Set implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Target target;

        static final class Target {
            @ArgGroup(exclusive = false)
            Fields fields;

            @Option(
                    names = "--file",
                    required = true,
                    paramLabel = "FILE",
                    description =
                            "A policy file (JSON, the format 'policy list --json' prints); each brand in it is set.")
            Path file;
        }

        static final class Fields {
            @Option(names = "--brand", required = true, paramLabel = "BRAND")
            String brand;

            @Option(names = "--sla", paramLabel = "DURATION")
            String sla;

            @Option(names = "--warning-fraction", paramLabel = "F")
            Double warningFraction;

            @Option(names = "--latency-p90", paramLabel = "DURATION")
            String latencyP90;

            @Option(names = "--latency-min-samples", paramLabel = "N")
            Integer latencyMinSamples;

            @Option(names = "--broadcast-ratio", paramLabel = "R")
            Double broadcastRatio;

            @Option(names = "--broadcast-min-outbound", paramLabel = "N")
            Integer broadcastMinOutbound;

            @Option(names = "--engagement-drop-fraction", paramLabel = "F")
            Double engagementDropFraction;

            @Option(names = "--channel-gap-ratio", paramLabel = "R")
            Double channelGapRatio;

            @Option(names = "--channel-gap-min-waits", paramLabel = "N")
            Integer channelGapMinWaits;

            @Option(
                    names = "--response-horizon",
                    paramLabel = "DURATION",
                    description =
                            "Waits open this long are unanswered; answers within it are in time. At least the SLA.")
            String responseHorizon;

            @Option(names = "--response-rate-min", paramLabel = "F")
            Double responseRateMin;

            @Option(names = "--response-rate-min-waits", paramLabel = "N")
            Integer responseRateMinWaits;

            @Option(names = "--time-zone", paramLabel = "ZONE", description = "Business hours: IANA time zone.")
            String timeZone;

            @Option(
                    names = "--hours",
                    paramLabel = "SCHEDULE",
                    description = "Business hours: e.g. 'Mon-Fri 09:00-17:00, Sat 10:00-14:00'.")
            String hours;

            @Option(
                    names = "--holidays",
                    paramLabel = "DATES",
                    description = "Business hours: closed on these dates, YYYY-MM-DD,...")
            String holidays;

            PolicyOverride override() {
                if ((timeZone == null) != (hours == null) || (holidays != null && timeZone == null)) {
                    throw new IllegalArgumentException("--time-zone and --hours go together (--holidays needs them)");
                }
                return PolicyOverride.builder()
                        .sla(duration("--sla", sla))
                        .slaWarningFraction(warningFraction)
                        .latencyP90(duration("--latency-p90", latencyP90))
                        .latencyMinSamples(latencyMinSamples)
                        .broadcastRatio(broadcastRatio)
                        .broadcastMinOutbound(broadcastMinOutbound)
                        .engagementDropFraction(engagementDropFraction)
                        .channelGapRatio(channelGapRatio)
                        .channelGapMinWaits(channelGapMinWaits)
                        .businessHours(
                                timeZone == null
                                        ? null
                                        : BusinessHours.parse(timeZone, hours, holidays == null ? "" : holidays))
                        .responseHorizon(duration("--response-horizon", responseHorizon))
                        .responseRateMin(responseRateMin)
                        .responseRateMinWaits(responseRateMinWaits)
                        .build()
                        .validate();
            }
        }

        @Option(names = "--by", paramLabel = "NAME", description = "Who makes the change (recorded as updatedBy).")
        String by = System.getProperty("user.name");

        @Mixin
        ConfigOptions configOptions;

        @Override
        public Integer call() {
            Map<String, PolicyOverride> changes = new LinkedHashMap<>();
            if (target.file != null) {
                PolicyFile file = PolicyFile.read(target.file);
                if (file.defaults().isPresent()) {
                    throw new IllegalArgumentException(
                            "policy file " + target.file + ": the default policy comes from the "
                                    + "configuration (sla, sla.warning.fraction, response.horizon, alert.*, business-hours.*), "
                                    + "not from the topic; remove 'default' or use it with 'replay --policy'");
                }
                changes.putAll(file.brands());
            } else {
                changes.put(target.fields.brand, target.fields.override());
            }
            Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
            RapportConfig config = configOptions.load(Map.of());
            List<BrandPolicy> written = withTopic(configOptions, topic -> {
                Map<String, BrandPolicy> current = topic.readAll();
                List<BrandPolicy> records = new ArrayList<>();
                changes.forEach((brand, change) -> {
                    BrandPolicy existing = current.get(brand);
                    PolicyOverride merged = existing == null
                            ? change
                            : PolicyRecords.toOverride(existing).updatedWith(change);
                    checkAgainstConfig(brand, merged, config);
                    records.add(PolicyRecords.toRecord(brand, merged, now, by));
                });
                topic.write(records);
                return records;
            });
            written.forEach(r -> System.out.println("set " + describe(r)));
            return 0;
        }
    }

    /**
     * The brand's policy as Rapport will apply it, over the configured default: a horizon shorter
     * than the SLA, or longer than {@code conversation.ttl}, is refused before anything is written.
     */
    private static void checkAgainstConfig(String brand, PolicyOverride merged, RapportConfig config) {
        try {
            Policy configured = EngagementSettings.from(config).defaultPolicy();
            requireHorizonAtLeastSla(merged, configured);
            new ResponseHorizonBound(config.duration(Setting.CONVERSATION_TTL)).check(merged.applyTo(configured));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("brand " + brand + ": " + e.getMessage(), e);
        }
    }

    /**
     * The default policy here is the configuration, so the SLA or horizon an override keeps from it
     * is named by its setting, which is what an operator can look up or change.
     */
    private static void requireHorizonAtLeastSla(PolicyOverride override, Policy configured) {
        if (override.sla() == null
                && override.responseHorizon() != null
                && override.responseHorizon().compareTo(configured.sla()) < 0) {
            throw new IllegalArgumentException("responseHorizon (" + Durations.format(override.responseHorizon())
                    + ") must be at least the setting '" + Setting.SLA.key() + "' ("
                    + Durations.format(configured.sla())
                    + "): a wait is decided unanswered only after it could have breached the SLA");
        }
        if (override.responseHorizon() == null
                && override.sla() != null
                && override.sla().compareTo(configured.responseHorizon()) > 0) {
            throw new IllegalArgumentException(
                    "sla (" + Durations.format(override.sla()) + ") must not exceed the setting '"
                            + Setting.RESPONSE_HORIZON.key() + "' (" + Durations.format(configured.responseHorizon())
                            + "): set a response horizon for the brand too (--response-horizon)");
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true, description = "Return a brand to the default policy.")
    static final class Reset implements Callable<Integer> {
        @Option(names = "--brand", required = true, paramLabel = "BRAND")
        String brand;

        @Mixin
        ConfigOptions configOptions;

        @Override
        public Integer call() {
            withTopic(configOptions, topic -> {
                topic.remove(brand);
                return null;
            });
            System.out.println("reset " + brand + ": the default policy applies");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the brand policy overrides in force.")
    static final class ListPolicies implements Callable<Integer> {
        @Option(names = "--json", description = "Print a policy file that 'policy set --file' reads back.")
        boolean json;

        @Mixin
        ConfigOptions configOptions;

        @Override
        public Integer call() {
            Map<String, BrandPolicy> policies = withTopic(configOptions, PolicyTopic::readAll);
            PrintStream out = System.out;
            if (json) {
                Map<String, PolicyOverride> overrides = new LinkedHashMap<>();
                policies.forEach((brand, record) -> overrides.put(brand, PolicyRecords.toOverride(record)));
                out.println(PolicyFile.toJson(overrides));
            } else if (policies.isEmpty()) {
                out.println("no brand overrides: every brand has the default policy");
            } else {
                policies.values().forEach(r -> out.println(describe(r)));
            }
            return 0;
        }
    }

    private static Duration duration(String option, String text) {
        if (text == null) {
            return null;
        }
        Duration d = Durations.parseOrNull(text);
        if (d == null) {
            throw new IllegalArgumentException(option + " '" + text + "' " + Durations.HELP);
        }
        return d;
    }

    /** One line per brand: what differs from the default, and who changed it when. */
    static String describe(BrandPolicy record) {
        return record.getBrandId() + ": " + PolicyRecords.toOverride(record).summary() + " (revision "
                + record.getUpdatedAt() + (record.getUpdatedBy() == null ? "" : " by " + record.getUpdatedBy()) + ")";
    }
}
