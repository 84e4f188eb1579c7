package dev.modelc.compiler.ir;

import java.util.List;

/** An optimizer with its hyperparameters, each update rule being PyTorch's. */
public sealed interface OptimizerSpec {
  double lr();

  /**
   * The arrays of one value per parameter element that the rule keeps from step to step, in the
   * rule's order: what the generated class allocates and saves in checkpoints, and what the
   * memory plan counts.
   */
  List<String> stateArrays();

  /** {@code torch.optim.SGD}. */
  record Sgd(double lr, double momentum, boolean nesterov, double weightDecay) implements OptimizerSpec {
    @Override
    public List<String> stateArrays() {
      return momentum != 0 ? List.of("velocity") : List.of();
    }
  }

  /** {@code torch.optim.Adam}, or {@code AdamW} when {@code decoupled}. */
  record Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled)
      implements OptimizerSpec {
    @Override
    public List<String> stateArrays() {
      return List.of("m", "v");
    }
  }

  /** {@code torch.optim.RMSprop}, not centered. */
  record Rmsprop(double lr, double alpha, double eps, double momentum, double weightDecay) implements OptimizerSpec {
    @Override
    public List<String> stateArrays() {
      return momentum != 0 ? List.of("v", "velocity") : List.of("v");
    }
  }
}
