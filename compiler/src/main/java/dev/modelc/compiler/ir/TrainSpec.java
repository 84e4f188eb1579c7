package dev.modelc.compiler.ir;

import java.util.List;

/**
 * The settings of a model's {@code train} block, with the language's defaults filled in.
 *
 * @param schedules learning-rate schedules, applied in order (epoch schedules to the base rate,
 *     warmup per step on top)
 * @param clipNorm the largest global L2 norm of the gradient, 0 for no clipping
 * @param clipValue the largest magnitude of a gradient element, 0 for no clipping
 * @param validation the fraction of the training data held out when no validation set is given
 * @param patience early stopping's patience in epochs, 0 for no early stopping
 * @param minDelta early stopping's smallest improvement
 */
public record TrainSpec(OptimizerSpec optimizer, int batch, int epochs, long seed, boolean shuffle,
    List<ScheduleSpec> schedules, double clipNorm, double clipValue, double validation, int patience,
    double minDelta) {

  public TrainSpec {
    schedules = List.copyOf(schedules);
  }

  /** The settings of a model without a train block. */
  public static TrainSpec defaults() {
    return new TrainSpec(new OptimizerSpec.Sgd(0.01, 0, false, 0), 32, 10, 0, true, List.of(), 0, 0, 0, 0, 0);
  }
}
