package dev.labelpanel.transforms.llm;

/** Turns on DEBUG for the LLM client's loggers (slf4j-simple reads this when each logger is created). */
final class TestLogging {
    private TestLogging() {}

    static void enableDebug() {
        System.setProperty("org.slf4j.simpleLogger.log.dev.labelpanel.transforms.llm", "debug");
    }
}
