package dev.rapport.policy;

import java.util.Map;

/** A fixed set of policies: the default and each brand's override applied to it (replays, tests). */
public record PolicyBook(Policy defaultPolicy, Map<String, PolicyOverride> overrides) implements PolicyLookup {
    public PolicyBook {
        overrides = Map.copyOf(overrides);
        overrides.values().forEach(PolicyOverride::validate);
    }

    @Override
    public Policy forBrand(String brandId) {
        PolicyOverride override = overrides.get(brandId);
        return override == null ? defaultPolicy : override.applyTo(defaultPolicy);
    }
}
