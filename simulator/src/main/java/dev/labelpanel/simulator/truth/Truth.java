package dev.labelpanel.simulator.truth;

/** The true label of an item and where it came from. */
public record Truth(String label, TruthSource source) {}
