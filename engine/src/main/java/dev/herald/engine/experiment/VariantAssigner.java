package dev.herald.engine.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

/**
 * Deterministic, sticky assignment of customers to an experiment's arms: the customer's bucket is the first
 * 64 bits of SHA-256(salt, customer id) read as a number in [0, 1). The same customer always gets the same
 * arm of the same experiment, on any node, after any restart, with no state; a different salt reshuffles.
 * Buckets below the holdout share are held out; the rest are split by the arms' cumulative weights.
 * <p>
 * Changing weights moves some customers between arms, so an assignment, once made, is recorded as an
 * exposure and the record wins over a recomputation.
 */
public final class VariantAssigner {

    private final ExperimentDesign design;
    private final double[] cumulative;

    public VariantAssigner(ExperimentDesign design) {
        this.design = design;
        List<ExperimentDesign.Arm> arms = design.arms();
        this.cumulative = new double[arms.size()];
        double total = design.totalWeight();
        double running = 0;
        for (int i = 0; i < arms.size(); i++) {
            running += arms.get(i).weight() / total;
            cumulative[i] = running;
        }
        cumulative[arms.size() - 1] = 1.0;
    }

    public Assignment assign(String customerId) {
        if (customerId == null || customerId.isEmpty()) {
            throw new IllegalArgumentException("customer id must not be empty");
        }
        double bucket = bucket(design.salt(), customerId);
        if (bucket < design.holdoutShare()) {
            return new Assignment(ExperimentDesign.HOLDOUT, true, Map.of());
        }
        double withinArms = (bucket - design.holdoutShare()) / (1 - design.holdoutShare());
        for (int i = 0; i < cumulative.length; i++) {
            if (withinArms < cumulative[i]) {
                ExperimentDesign.Arm arm = design.arms().get(i);
                return new Assignment(arm.name(), false, arm.factors());
            }
        }
        ExperimentDesign.Arm last = design.arms().get(cumulative.length - 1);
        return new Assignment(last.name(), false, last.factors());
    }

    /** Uniform in [0, 1) from SHA-256 of the UTF-8 salt, a NUL separator and the customer id. */
    static double bucket(String salt, String customerId) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        sha256.update(salt.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        byte[] digest = sha256.digest(customerId.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (digest[i] & 0xFF);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }

    /**
     * Where a customer landed.
     *
     * @param variant  the arm's name, or {@link ExperimentDesign#HOLDOUT}
     * @param holdout  true when the customer must receive nothing
     * @param factors  what the arm sets (subject, template, ...); empty for the holdout
     */
    public record Assignment(String variant, boolean holdout, Map<String, String> factors) {
    }
}
