package dev.modelc.compiler.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;

/** The element type of a generated class, {@code float} or {@code double}, and how to spell its code. */
public enum Precision {
  FLOAT,
  DOUBLE;

  public TypeName type() {
    return this == FLOAT ? TypeName.FLOAT : TypeName.DOUBLE;
  }

  public ArrayTypeName arrayType() {
    return ArrayTypeName.of(type());
  }

  /** The Java keyword of the scalar type. */
  public String keyword() {
    return this == FLOAT ? "float" : "double";
  }

  /** A literal of this type, exact for the value the type can hold. */
  public String literal(double value) {
    String box = this == FLOAT ? "Float" : "Double";
    if (Double.isNaN(value)) {
      return box + ".NaN";
    }
    if (Double.isInfinite(value)) {
      return (value > 0 ? "" : "-") + box + ".POSITIVE_INFINITY";
    }
    String text = this == FLOAT ? Float.toString((float) value) + "f" : Double.toString(value);
    return value < 0 ? "(" + text + ")" : text;
  }

  /**
   * A call of a {@code java.lang.Math} function that returns double, narrowed when needed; for
   * float, exp is the runtime's {@code expf}, which is faster and as accurate in float.
   */
  public String math(String function, String argument) {
    if (this == FLOAT && function.equals("exp")) {
      return "expf(" + argument + ")";
    }
    String call = "Math." + function + "(" + argument + ")";
    return this == FLOAT ? "(float) " + call : call;
  }

  /** A double-valued expression as this type: narrowed for float, unchanged (no redundant cast) for double. */
  public String narrow(String expression) {
    return this == FLOAT ? "(float) (" + expression + ")" : expression;
  }

  /** The name of the runtime's matrix product for this type. */
  public String gemm() {
    return this == FLOAT ? "sgemm" : "dgemm";
  }
}
