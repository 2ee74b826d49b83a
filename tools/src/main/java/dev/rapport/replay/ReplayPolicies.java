package dev.rapport.replay;

import dev.rapport.policy.PolicyBook;
import dev.rapport.policy.PolicyFile;
import dev.rapport.policy.PolicyOverride;
import dev.rapport.policy.PolicyRecords;
import dev.rapport.policy.ResponseHorizonBound;
import dev.rapport.schema.BrandPolicy;
import dev.rapport.topology.EngagementSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies a replay runs under: the configured ones, or a what-if policy file's. The file's
 * default replaces the configured default policy; its brand overrides become records of
 * {@code rapport.brand-policies}, stamped with the file's modification time so the same file gives
 * the same revision in every run.
 *
 * @param records the brand overrides to write to the policy topic before the application starts
 * @param book the same policies for judging the final windows once the input has ended
 */
record ReplayPolicies(EngagementSettings settings, List<BrandPolicy> records, PolicyBook book) {

    static ReplayPolicies configured(EngagementSettings settings) {
        return new ReplayPolicies(settings, List.of(), new PolicyBook(settings.defaultPolicy(), Map.of()));
    }

    static ReplayPolicies fromFile(Path file, EngagementSettings configured) {
        PolicyFile policies = PolicyFile.read(file);
        ResponseHorizonBound bound = new ResponseHorizonBound(configured.conversationTtl());
        policies.defaults()
                .ifPresent(defaults ->
                        checked(file, "default", () -> bound.check(defaults.applyTo(configured.defaultPolicy()))));
        EngagementSettings settings =
                policies.defaults().map(configured::withDefaultPolicy).orElse(configured);
        Instant revision;
        try {
            revision = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, PolicyOverride> overrides = new LinkedHashMap<>();
        List<BrandPolicy> records = policies.brands().entrySet().stream()
                .map(e -> PolicyRecords.toRecord(
                        e.getKey(), e.getValue(), revision, "replay --policy " + file.getFileName()))
                .toList();
        records.forEach(r -> overrides.put(r.getBrandId(), PolicyRecords.toOverride(r)));
        PolicyBook book = new PolicyBook(settings.defaultPolicy(), overrides);
        // The application would log and ignore a brand record it cannot apply, as it does for any record
        // on the topic, and the final judging of the windows would fail on it; a what-if file is
        // written for this run, so a brand it cannot apply is refused before the run starts.
        overrides.keySet().forEach(brand -> checked(file, "brand " + brand, () -> bound.check(book.forBrand(brand))));
        return new ReplayPolicies(settings, records, book);
    }

    private static void checked(Path file, String where, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("policy file " + file + ": " + where + ": " + e.getMessage(), e);
        }
    }
}
