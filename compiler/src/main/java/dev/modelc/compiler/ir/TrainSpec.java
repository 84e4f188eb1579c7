package dev.modelc.compiler.ir;

/** The settings of a model's {@code train} block, with the language's defaults filled in. */
public record TrainSpec(OptimizerSpec optimizer, int batch, int epochs, long seed, boolean shuffle) {
  /** The settings of a model without a train block. */
  public static TrainSpec defaults() {
    return new TrainSpec(new OptimizerSpec.Sgd(0.01, 0, false, 0), 32, 10, 0, true);
  }
}
