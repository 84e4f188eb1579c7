package dev.modelc.compiler.check;

import java.util.List;

/** The names of the built-in functions, losses and layers this version compiles. */
public final class FunctionNames {
  private FunctionNames() {}

  public static List<String> all() {
    return List.copyOf(Functions.ALL.keySet());
  }
}
