package dev.labelpanel.transforms.llm.internal;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * What a client takes from its surroundings, injectable for tests: the environment-variable lookup (so tests use a
 * canary key without touching the real environment), time, and the jitter source (uniform in [0, 1)).
 */
public record ClientEnvironment(Function<String, String> envLookup, TimeSource time, DoubleSupplier random) {
    public ClientEnvironment {
        Objects.requireNonNull(envLookup, "envLookup");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(random, "random");
    }

    public static ClientEnvironment system() {
        return new ClientEnvironment(
                System::getenv,
                TimeSource.SYSTEM,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public ClientEnvironment withEnvLookup(Function<String, String> lookup) {
        return new ClientEnvironment(lookup, time, random);
    }

    public ClientEnvironment withTime(TimeSource newTime) {
        return new ClientEnvironment(envLookup, newTime, random);
    }

    public ClientEnvironment withRandom(DoubleSupplier newRandom) {
        return new ClientEnvironment(envLookup, time, newRandom);
    }
}
