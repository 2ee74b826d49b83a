package dev.rapport.generator;

/** A simulated brand: its id on the events, its share of conversations, its behaviour. */
record Brand(String id, double weight, BrandBehaviour behaviour) {}
