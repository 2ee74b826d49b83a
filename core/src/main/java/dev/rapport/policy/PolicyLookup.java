package dev.rapport.policy;

/** The policy in force for a brand right now. */
@FunctionalInterface
public interface PolicyLookup {
    Policy forBrand(String brandId);
}
