package dev.modelc.compiler.ir;

/** An optimizer with its hyperparameters, each update rule being PyTorch's. */
public sealed interface OptimizerSpec {
  double lr();

  /** {@code torch.optim.SGD}. */
  record Sgd(double lr, double momentum, boolean nesterov, double weightDecay) implements OptimizerSpec {}

  /** {@code torch.optim.Adam}, or {@code AdamW} when {@code decoupled}. */
  record Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled)
      implements OptimizerSpec {}

  /** {@code torch.optim.RMSprop}, not centered. */
  record Rmsprop(double lr, double alpha, double eps, double momentum, double weightDecay) implements OptimizerSpec {}
}
