package dev.modelc.compiler.ir;

/**
 * How a parameter starts, resolved to one of three distributions with concrete numbers (fan-in
 * and fan-out already applied); {@code source} is the initializer as written, for comments.
 */
public record InitSpec(Kind kind, double a, double b, String source) {
  /** The distribution: a constant {@code a}, uniform on [a, b), or normal with mean a and std b. */
  public enum Kind {
    CONSTANT,
    UNIFORM,
    NORMAL
  }

  public static InitSpec zeros() {
    return new InitSpec(Kind.CONSTANT, 0, 0, "zeros");
  }
}
