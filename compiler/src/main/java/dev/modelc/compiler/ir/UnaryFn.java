package dev.modelc.compiler.ir;

/** Elementwise functions of one argument; switches over it are expressions, so each case is checked. */
public enum UnaryFn {
  NEG("neg"),
  EXP("exp"),
  LOG("log"),
  SQRT("sqrt"),
  ABS("abs"),
  /** -1, 0 or 1 by the argument's sign (the derivative of abs, 0 at 0 as in PyTorch). */
  SIGN("sign"),
  SIN("sin"),
  COS("cos"),
  RELU("relu"),
  SIGMOID("sigmoid"),
  TANH("tanh"),
  /** log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|)) so that it neither overflows nor underflows. */
  SOFTPLUS("softplus"),
  /** The unit step: 1 where the argument is positive, else 0 (the derivative of relu). */
  STEP("step"),
  /** The step with 1/2 at 0: splits the gradient of max and min evenly between equal arguments, as PyTorch does. */
  HEAVISIDE("heaviside");

  private final String label;

  UnaryFn(String label) {
    this.label = label;
  }

  /** The name printed in IR dumps. */
  public String label() {
    return label;
  }

  /** The value in double precision, the reference that emitted code and tests agree with. */
  public double apply(double x) {
    return switch (this) {
      case NEG -> -x;
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case SQRT -> Math.sqrt(x);
      case ABS -> Math.abs(x);
      case SIGN -> Math.signum(x);
      case SIN -> Math.sin(x);
      case COS -> Math.cos(x);
      case RELU -> x > 0 ? x : 0;
      case SIGMOID -> 1 / (1 + Math.exp(-x));
      case TANH -> Math.tanh(x);
      case SOFTPLUS -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
      case STEP -> x > 0 ? 1 : 0;
      case HEAVISIDE -> x > 0 ? 1 : x == 0 ? 0.5 : 0;
    };
  }
}
