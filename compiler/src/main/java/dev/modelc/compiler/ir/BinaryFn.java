package dev.modelc.compiler.ir;

/** Elementwise functions of two arguments, broadcast as NumPy does. */
public enum BinaryFn {
  ADD("+"),
  SUB("-"),
  MUL("*"),
  DIV("/");

  private final String symbol;

  BinaryFn(String symbol) {
    this.symbol = symbol;
  }

  /** The infix symbol printed in IR dumps and generated code. */
  public String symbol() {
    return symbol;
  }

  /** The value in double precision. */
  public double apply(double a, double b) {
    return switch (this) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
    };
  }
}
