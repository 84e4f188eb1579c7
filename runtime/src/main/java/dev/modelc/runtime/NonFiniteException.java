package dev.modelc.runtime;

/**
 * Training met a NaN or infinite gradient or parameter. The step that met it was not taken, so the
 * model keeps the last good parameters.
 */
public final class NonFiniteException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final String parameter;
  private final int epoch;
  private final long step;

  /**
   * @param parameter the name of the first parameter whose gradient or new value is not finite
   * @param what "gradient" or "value"
   * @param epoch the 1-based epoch
   * @param step the 1-based optimizer step, counted over the whole training run
   */
  public NonFiniteException(String parameter, String what, int epoch, long step) {
    super("the " + what + " of parameter '" + parameter + "' is not finite at epoch " + epoch + ", step " + step
        + "; training stopped and the model keeps its last good parameters");
    this.parameter = parameter;
    this.epoch = epoch;
    this.step = step;
  }

  public String parameter() {
    return parameter;
  }

  public int epoch() {
    return epoch;
  }

  public long step() {
    return step;
  }
}
