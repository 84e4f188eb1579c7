package dev.modelc.compiler.ir;

/** Elementwise functions of two arguments, broadcast as NumPy does. */
public enum BinaryFn {
  ADD("+"),
  SUB("-"),
  MUL("*"),
  DIV("/"),
  POW("pow"),
  MAX("max"),
  MIN("min"),
  /** 1 where the arguments are equal, else 0: marks the elements that attain a maximum. */
  EQ("==");

  private final String symbol;

  BinaryFn(String symbol) {
    this.symbol = symbol;
  }

  /** The infix symbol, or the function name, printed in IR dumps and generated code. */
  public String symbol() {
    return symbol;
  }

  /** True for the four arithmetic operators, written infix. */
  public boolean infix() {
    return this == ADD || this == SUB || this == MUL || this == DIV || this == EQ;
  }

  /** The value in double precision. */
  public double apply(double a, double b) {
    return switch (this) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> Math.pow(a, b);
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      case EQ -> a == b ? 1 : 0;
    };
  }
}
