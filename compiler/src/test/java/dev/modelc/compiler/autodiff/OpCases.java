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
    BY_OP.put("Unary.SQRT", vectorModel("out = sqrt(u * u + 1);"));
    BY_OP.put("Unary.ABS", vectorModel("out = abs(u) * c;"));
    BY_OP.put("Unary.SIGN", BY_OP.get("Unary.ABS"));
    BY_OP.put("Unary.SIN", vectorModel("out = sin(u);"));
    BY_OP.put("Unary.COS", vectorModel("out = cos(u) * c;"));
    BY_OP.put("Unary.SOFTPLUS", vectorModel("out = softplus(u * 3);"));
    BY_OP.put("Unary.HEAVISIDE", vectorModel("out = max(u, c * 0.5) + min(u, 0.2);"));
    BY_OP.put("Binary.POW", vectorModel("out = pow(exp(u), 1.5) + pow(u, 3);"));
    BY_OP.put("Binary.MAX", BY_OP.get("Unary.HEAVISIDE"));
    BY_OP.put("Binary.MIN", BY_OP.get("Unary.HEAVISIDE"));
    BY_OP.put("Binary.EQ", vectorModel("out = u * max(u) + min(W);"));
    BY_OP.put("ReduceMax", BY_OP.get("Binary.EQ"));
    BY_OP.put("Transpose", """
        model Case {
          input x[2, 3];
          target y[3, 3];
          param P[2, 3] init normal(0, 1);
          out = transpose(x * P) @ P + transpose(P) @ x;
          output out;
          loss mse(out, y);
        }
        """);
    // Finite differences see through stop_gradient, so its case is checked against u * u instead
    // (GradientCheckTest.stopGradientHalvesTheGradientOfASquare).
    BY_OP.put("StopGradient", vectorModel("out = u * stop_gradient(u) + stop_gradient(c);"));
    BY_OP.put("State", """
        model Case {
          input x[3];
          target y[3];
          param W[3, 3] init normal(0, 1);
          h = batch_norm(W @ x);
          out = h * W[0];
          output out;
          loss mse(out, y);
        }
        """);
    BY_OP.put("TrainingSwitch", BY_OP.get("State"));
    BY_OP.put("DropoutMask", vectorModel("out = dropout(u, 0.3);"));
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
    BY_FUNCTION.put("sqrt", BY_OP.get("Unary.SQRT"));
    BY_FUNCTION.put("abs", BY_OP.get("Unary.ABS"));
    BY_FUNCTION.put("sin", BY_OP.get("Unary.SIN"));
    BY_FUNCTION.put("cos", BY_OP.get("Unary.COS"));
    BY_FUNCTION.put("softplus", vectorModel("out = softplus(u * 20) + softplus(-u * 40);"));
    BY_FUNCTION.put("leaky_relu", vectorModel("out = leaky_relu(u) + leaky_relu(u * c, alpha = 0.2);"));
    BY_FUNCTION.put("elu", vectorModel("out = elu(u) + elu(u, 0.5);"));
    BY_FUNCTION.put("gelu", vectorModel("out = gelu(u * 2);"));
    BY_FUNCTION.put("silu", vectorModel("out = silu(u * 2);"));
    BY_FUNCTION.put("pow", BY_OP.get("Binary.POW"));
    BY_FUNCTION.put("max", vectorModel("out = max(u, c) * max(u) + max(W);"));
    BY_FUNCTION.put("min", vectorModel("out = min(u, c * 2) * min(u) + min(W);"));
    BY_FUNCTION.put("clamp", vectorModel("out = clamp(u * 2, -0.5, 0.7);"));
    BY_FUNCTION.put("logsumexp", vectorModel("out = u * logsumexp(W);"));
    BY_FUNCTION.put("norm", vectorModel("out = u * norm(W);"));
    BY_FUNCTION.put("transpose", BY_OP.get("Transpose"));
    BY_FUNCTION.put("reshape", vectorModel("out = reshape(W, [3, 2])[1] * c + sum(reshape(W, [-1]));"));
    BY_FUNCTION.put("flatten", vectorModel("out = flatten(W)[1:3] * u;"));
    BY_FUNCTION.put("concat", vectorModel("out = concat(u, c * 3, u[1:])[1:3] + concat(W, W)[3] @ x;"));
    BY_FUNCTION.put("stop_gradient", BY_OP.get("StopGradient"));
    BY_FUNCTION.put("l1", vectorModel("out = u + l1(W);"));
    BY_FUNCTION.put("mae", vectorModel("out = u;").replace("mse(out, y)", "mae(out, y)"));
    BY_FUNCTION.put("huber", vectorModel("out = u;").replace("mse(out, y)", "huber(out * 2, y) + huber(out, y, delta = 0.5)"));
    BY_FUNCTION.put("binary_cross_entropy", vectorModel("out = u * 4;").replace("mse(out, y)", "binary_cross_entropy(out, sigmoid(y))"));
    BY_FUNCTION.put("hinge", vectorModel("out = u;").replace("mse(out, y)", "hinge(out, y)"));
    BY_FUNCTION.put("nll", classModel("nll(log_softmax(out), label)"));
    BY_FUNCTION.put("layer_norm", """
        model Case {
          input x[2, 3];
          target y[2, 3];
          param P[2, 3] init normal(0, 1);
          n = layer_norm(x * P);
          out = n * P;
          output out;
          loss mse(out, y);
        }
        """);
    BY_FUNCTION.put("batch_norm", BY_OP.get("State"));
    BY_FUNCTION.put("batch_norm (channels)", """
        model Case {
          input x[2, 2, 3];
          target y[2, 2, 3];
          param P[2, 2, 3] init normal(0, 1);
          bn = batch_norm(x * P, momentum = 0.2, eps = 0.001);
          out = bn * P;
          output out;
          loss mse(out, y);
        }
        """);
    BY_FUNCTION.put("dropout", BY_OP.get("DropoutMask"));
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
