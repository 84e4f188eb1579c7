package dev.modelc.compiler.ir;

/** Elementwise functions of one argument; switches over it are expressions, so each case is checked. */
public enum UnaryFn {
  NEG("neg"),
  EXP("exp"),
  LOG("log"),
  RELU("relu"),
  SIGMOID("sigmoid"),
  TANH("tanh"),
  /** The unit step: 1 where the argument is positive, else 0 (the derivative of relu). */
  STEP("step");

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
      case RELU -> x > 0 ? x : 0;
      case SIGMOID -> 1 / (1 + Math.exp(-x));
      case TANH -> Math.tanh(x);
      case STEP -> x > 0 ? 1 : 0;
    };
  }
}
