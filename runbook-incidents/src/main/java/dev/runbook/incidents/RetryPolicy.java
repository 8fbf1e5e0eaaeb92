package dev.runbook.incidents;

import java.time.Duration;
import java.util.Objects;

/**
 * How the outbox retries a failed delivery: up to {@code maxAttempts} attempts in all, waiting
 * {@code initialDelay} after the first failure and doubling up to {@code maxDelay}, each wait shortened by a
 * random share of up to {@code jitter} (0–1) so that many senders do not retry in step. After the last attempt
 * the notification is marked failed and listed, never dropped. Immutable.
 *
 * @param maxAttempts  attempts in all, at least 1
 * @param initialDelay the wait after the first failure
 * @param maxDelay     the longest wait
 * @param jitter       the share of a wait that may be cut at random, 0 to 1
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double jitter) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, found " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay must be positive, found " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least initialDelay, found " + maxDelay);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, found " + jitter);
        }
    }

    /** 10 attempts, 30 s doubling up to 1 h, 20 % jitter: about 3 hours in all before giving up. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(10, Duration.ofSeconds(30), Duration.ofHours(1), 0.2);
    }

    /**
     * The wait after failed attempt number {@code attempt} (1 for the first).
     *
     * @param random a number in [0, 1) that picks the jitter
     */
    public Duration delayAfter(int attempt, double random) {
        long base = initialDelay.toMillis();
        long cap = maxDelay.toMillis();
        long d = base;
        for (int i = 1; i < attempt && d < cap; i++) {
            d = d * 2;
        }
        d = Math.min(d, cap);
        long cut = (long) (d * jitter * random);
        return Duration.ofMillis(Math.max(1, d - cut));
    }
}
