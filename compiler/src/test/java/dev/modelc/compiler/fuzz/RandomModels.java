package dev.modelc.compiler.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes random well-formed models over most of the language (stop_gradient and dropout aside, which
 * finite differences cannot check): every value is built from earlier
 * ones with shapes that fit, every parameter reaches the loss, and values stay away from the
 * ranges where a function overflows. The same seed writes the same model.
 */
final class RandomModels {
  private final Random random;
  private final StringBuilder body = new StringBuilder();
  private final List<Value> vectors = new ArrayList<>();
  private final List<Value> matrices = new ArrayList<>();
  private int names;

  /** A value of the model under construction: its name and shape. */
  private record Value(String name, int rows, int cols) {
    boolean isMatrix() {
      return rows > 0;
    }

    String shape() {
      return isMatrix() ? "[" + rows + ", " + cols + "]" : "[" + cols + "]";
    }
  }

  private RandomModels(long seed) {
    this.random = new Random(seed);
  }

  /** A complete model in the .nn language. */
  static String model(long seed) {
    return new RandomModels(seed).write();
  }

  private String write() {
    int in = 2 + random.nextInt(4);
    boolean matrixInput = random.nextBoolean();
    int rows = 2 + random.nextInt(2);
    String input = matrixInput ? "input x[" + rows + ", " + in + "];" : "input x[" + in + "];";
    (matrixInput ? matrices : vectors).add(matrixInput ? new Value("x", rows, in) : new Value("x", 0, in));
    if (matrixInput) {
      // Most functions take vectors, so there is always one to start from.
      Value flat = assign("flatten(x)", 0, rows * in);
      vectors.add(flat);
    }
    int steps = 3 + random.nextInt(6);
    for (int i = 0; i < steps; i++) {
      step();
    }
    Value out = pick(vectors);
    boolean classes = random.nextInt(3) == 0 && out.cols() >= 2;
    String target;
    String loss;
    if (classes) {
      target = "target label : class(" + out.cols() + ");";
      loss = "cross_entropy(" + out.name() + ", label)";
    } else {
      target = "target y[" + out.cols() + "];";
      loss = switch (random.nextInt(4)) {
        case 0 -> "mse(" + out.name() + ", y)";
        case 1 -> "huber(" + out.name() + ", y, delta = 0.7)";
        case 2 -> "binary_cross_entropy(" + out.name() + ", sigmoid(y))";
        default -> "mse(" + out.name() + ", y) + 0.01 * l2(" + out.name() + ")";
      };
    }
    // Every parameter reaches the loss through a small penalty, whatever the chain above used.
    StringBuilder penalty = new StringBuilder();
    for (int i = 0; i < params.size(); i++) {
      penalty.append(" + 0.001 * l2(").append(params.get(i)).append(")");
    }
    return "model Random {\n  " + input + "\n  " + target + "\n" + body + "  output " + out.name() + ";\n  loss "
        + loss + penalty + ";\n}\n";
  }

  private final List<String> params = new ArrayList<>();

  private Value param(int rows, int cols) {
    String name = "p" + params.size();
    String shape = rows > 0 ? "[" + rows + ", " + cols + "]" : "[" + cols + "]";
    body.append("  param ").append(name).append(shape).append(" init normal(0, 0.5);\n");
    params.add(name);
    return new Value(name, rows, cols);
  }

  private Value assign(String expression, int rows, int cols) {
    String name = "v" + names++;
    body.append("  ").append(name).append(" = ").append(expression).append(";\n");
    return new Value(name, rows, cols);
  }

  private Value pick(List<Value> values) {
    return values.get(random.nextInt(values.size()));
  }

  private void step() {
    Value v = pick(vectors);
    int n = v.cols();
    switch (random.nextInt(14)) {
      case 0 -> vectors.add(assign(unary(v.name()), 0, n));
      case 1 -> {
        Value w = param(1 + random.nextInt(5), n);
        vectors.add(assign(w.name() + " @ " + v.name(), 0, w.rows()));
      }
      case 2 -> vectors.add(assign("tanh(dense(" + v.name() + ", " + (1 + random.nextInt(5)) + "))", 0, -1));
      case 3 -> {
        Value p = param(0, n);
        vectors.add(assign(v.name() + " " + "+-*".charAt(random.nextInt(3)) + " " + p.name(), 0, n));
      }
      case 4 -> vectors.add(assign(v.name() + " / (1 + " + v.name() + " * " + v.name() + ")", 0, n));
      case 5 -> vectors.add(assign(random.nextBoolean() ? "softmax(" + v.name() + ")" : "log_softmax(" + v.name() + ")", 0, n));
      case 6 -> vectors.add(assign(v.name() + " * sum(" + v.name() + ") + mean(" + v.name() + ")", 0, n));
      case 7 -> {
        Value col = param(2, 1);
        matrices.add(assign(col.name() + " * " + v.name(), 2, n));
      }
      case 8 -> {
        if (!matrices.isEmpty()) {
          Value m = pick(matrices);
          vectors.add(assign(random.nextBoolean() ? "sum(" + m.name() + ", 0)" : "mean(" + m.name() + ", axis = -1)", 0,
              -2));
        }
      }
      case 9 -> {
        if (n >= 2) {
          vectors.add(assign("concat(" + v.name() + "[1:], " + v.name() + "[0:1])", 0, n));
        }
      }
      case 10 -> {
        if (!matrices.isEmpty()) {
          Value m = pick(matrices);
          Value w = param(m.rows(), 1 + random.nextInt(3));
          vectors.add(assign("flatten(transpose(" + m.name() + ") @ " + w.name() + ")", 0, m.cols() * w.cols()));
        }
      }
      case 11 -> vectors.add(assign("layer_norm(" + v.name() + " * 2)", 0, n));
      case 12 -> vectors.add(assign("max(" + v.name() + ", 0.3) - min(" + v.name() + ", -0.2) + max(" + v.name() + ")", 0, n));
      default -> vectors.add(assign("batch_norm(" + v.name() + ")", 0, n));
    }
    fixWidths();
  }

  /** Widths marked unknown while writing (-1: a dense layer's units; -2: a reduced matrix) are read back. */
  private void fixWidths() {
    Value last = vectors.get(vectors.size() - 1);
    if (last.cols() >= 0) {
      return;
    }
    String line = body.substring(body.lastIndexOf("  " + last.name() + " = "));
    int width;
    if (last.cols() == -1) {
      String units = line.substring(line.indexOf(", ") + 2, line.indexOf("))"));
      width = Integer.parseInt(units);
    } else {
      String inner = line.substring(line.indexOf('(') + 1, line.indexOf(','));
      Value m = matrices.stream().filter(x -> x.name().equals(inner)).findFirst().orElseThrow();
      width = line.contains("sum(") ? m.cols() : m.rows();
    }
    vectors.set(vectors.size() - 1, new Value(last.name(), 0, width));
  }

  private String unary(String x) {
    String[] functions = {"relu(%s) + 0.1 * %s", "sigmoid(%s)", "tanh(%s)", "softplus(%s)", "sqrt(%s * %s + 1)",
        "log(softplus(%s) + 1)", "abs(%s) + %s", "sin(%s)", "cos(%s)", "square(%s)", "leaky_relu(%s, 0.2)", "elu(%s)",
        "gelu(%s)", "silu(%s)", "clamp(%s, -1.5, 1.5)", "pow(sigmoid(%s), 2)", "exp(tanh(%s))", "-%s"};
    String f = functions[random.nextInt(functions.length)];
    return f.replace("%s", x);
  }
}
