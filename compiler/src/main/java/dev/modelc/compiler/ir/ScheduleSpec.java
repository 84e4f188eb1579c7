package dev.modelc.compiler.ir;

/** A learning-rate schedule of LANGUAGE.md §7, each as PyTorch's scheduler of the same name. */
public sealed interface ScheduleSpec {
  /** The base rate throughout. */
  record Constant() implements ScheduleSpec {}

  /** {@code StepLR}: the rate times gamma every {@code every} epochs. */
  record Step(int every, double gamma) implements ScheduleSpec {}

  /** {@code ExponentialLR}: the rate times gamma every epoch. */
  record Exponential(double gamma) implements ScheduleSpec {}

  /** {@code CosineAnnealingLR} with T_max the number of epochs, from the rate down to {@code minLr}. */
  record Cosine(double minLr) implements ScheduleSpec {}

  /** Linear warmup per optimizer step: step t (from 0) uses the rate times min(1, (t + 1) / steps). */
  record Warmup(int steps) implements ScheduleSpec {}
}
