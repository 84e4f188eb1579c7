package dev.modelc.compiler.autodiff;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One small model per op kind and per built-in function, each built so that the op lies on a path
 * from a parameter to the loss. {@link GradientCheckTest} differentiates them numerically.
 */
final class OpCases {
  private OpCases() {}

  /** A model whose input is x[3] and real target y[2], with parameters W[2, 3] and c[2]; {@code body} defines {@code out}. */
  static String vectorModel(String body) {
    return """
        model Case {
          input x[3];
          target y[2];
          param W[2, 3] init normal(0, 0.6);
          param c[2] init uniform(-1, 1);
          u = W @ x + c;
        %s
          output out;
          loss mse(out, y);
        }
        """.formatted(body.indent(2).stripTrailing());
  }

  /** A classifier over four classes with a class-label target. */
  static String classModel(String loss) {
    return """
        model Case {
          input x[3];
          target label : class(4);
          param W[4, 3] init normal(0, 0.8);
          param c[4] init uniform(-1, 1);
          out = W @ x + c;
          output out;
          loss %s;
        }
        """.formatted(loss);
  }

  /** Cases by the op kind they exercise (see {@link GradientCheckTest#opKinds}). */
  static final Map<String, String> BY_OP = new LinkedHashMap<>();

  /** Cases by built-in function or loss of the language. */
  static final Map<String, String> BY_FUNCTION = new LinkedHashMap<>();

  static {
    BY_OP.put("Unary.NEG", vectorModel("out = -u * c;"));
    BY_OP.put("Unary.EXP", vectorModel("out = exp(u);"));
    BY_OP.put("Unary.LOG", vectorModel("out = log(exp(u) + 1);"));
    BY_OP.put("Unary.RELU", vectorModel("out = relu(u) + 0.5 * u;"));
    BY_OP.put("Unary.STEP", vectorModel("out = relu(u);"));
    BY_OP.put("Unary.SIGMOID", vectorModel("out = sigmoid(u);"));
    BY_OP.put("Unary.TANH", vectorModel("out = tanh(u);"));
    BY_OP.put("Binary.ADD", vectorModel("out = u + c;"));
    BY_OP.put("Binary.SUB", vectorModel("out = c - u;"));
    BY_OP.put("Binary.MUL", vectorModel("out = u * c;"));
    BY_OP.put("Binary.DIV", vectorModel("out = u / (exp(c) + 1);"));
    BY_OP.put("MatMul", """
        model Case {
          input x[2, 3];
          target y[2, 2];
          param A[2, 2] init normal(0, 0.7);
          param B[3, 2] init normal(0, 0.7);
          param r[2] init normal(0, 0.7);
          param s[3] init normal(0, 0.7);
          m = A @ (x @ B);
          v = r @ x;
          w = x @ s;
          d = (r @ (x @ B)) * (w @ r);
          out = m + d + sum(v);
          output out;
          loss mse(out, y);
        }
        """);
    BY_OP.put("Sum", """
        model Case {
          input x[2, 3];
          target y[3];
          param P[2, 3] init normal(0, 0.7);
          q = x * P;
          out = sum(q, 0) + mean(q, axis = -1) @ P + sum(q * q);
          output out;
          loss mse(out, y);
        }
        """);
    BY_OP.put("BatchSum", vectorModel("out = u;"));
    BY_OP.put("Broadcast", """
        model Case {
          input x[2, 3];
          target y[2, 3];
          param row[3] init normal(0, 1);
          param col[2, 1] init normal(0, 1);
          out = x * row + col + sum(x * row, 1) @ col;
          output out;
          loss mse(out, y);
        }
        """);
    BY_OP.put("Reshape", vectorModel("out = W @ (x * (c @ W));"));
    BY_OP.put("Slice", """
        model Case {
          input x[3, 2];
          target y[2];
          param M[4, 2] init normal(0, 1);
          param v[3] init normal(0, 1);
          out = M[1:3][0] * x[-1] + M[2] * v[0:2] + x[:2] @ v[0:2] @ M[:2] + M[-2:][1];
          output out;
          loss mse(out, y);
        }
        """);
    BY_OP.put("Pad", BY_OP.get("Slice"));
    BY_OP.put("LogSumExp", vectorModel("out = log_softmax(u);"));
    BY_OP.put("OneHot", classModel("cross_entropy(out, label)"));
    BY_OP.put("Input", vectorModel("out = u;"));
    BY_OP.put("Target", vectorModel("out = u;"));
    BY_OP.put("Param", vectorModel("out = u;"));
    BY_OP.put("Const", vectorModel("out = 2 * u;"));
    BY_OP.put("BatchInverse", vectorModel("out = u;"));

    BY_FUNCTION.put("relu", BY_OP.get("Unary.RELU"));
    BY_FUNCTION.put("sigmoid", BY_OP.get("Unary.SIGMOID"));
    BY_FUNCTION.put("tanh", BY_OP.get("Unary.TANH"));
    BY_FUNCTION.put("exp", BY_OP.get("Unary.EXP"));
    BY_FUNCTION.put("log", BY_OP.get("Unary.LOG"));
    BY_FUNCTION.put("square", vectorModel("out = square(u) - u;"));
    BY_FUNCTION.put("sum", BY_OP.get("Sum"));
    BY_FUNCTION.put("mean", vectorModel("out = mean(u) * c;"));
    BY_FUNCTION.put("softmax", vectorModel("out = softmax(u * 3);"));
    BY_FUNCTION.put("log_softmax", BY_OP.get("LogSumExp"));
    BY_FUNCTION.put("l2", vectorModel("out = u + l2(W);"));
    BY_FUNCTION.put("mse", vectorModel("out = u;"));
    BY_FUNCTION.put("cross_entropy", classModel("cross_entropy(out, label) + 0.01 * l2(W)"));
    BY_FUNCTION.put("dense", """
        model Case {
          input x[3];
          target label : class(3);
          h = tanh(dense(x, 5));
          out = dense(h, 3, init = xavier);
          o2 = dense(h, 3, bias = false);
          output out;
          loss cross_entropy(out + o2, label);
        }
        """);
    BY_FUNCTION.put("cross_entropy (probabilities)", """
        model Case {
          input x[3];
          target p[4];
          param W[4, 3] init normal(0, 0.8);
          out = W @ x;
          output out;
          loss cross_entropy(out, p);
        }
        """);
  }
}
