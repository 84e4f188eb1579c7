package dev.modelc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.modelc.compiler.ir.OptimizerSpec;

/**
 * The optimizer step as one pass over the flat parameter, gradient and state arrays, following
 * PyTorch's update rules term by term so that trajectories can be compared step by step.
 */
final class OptimizerEmitter {
  private final OptimizerSpec spec;
  private final Precision p;

  OptimizerEmitter(OptimizerSpec spec, Precision precision) {
    this.spec = spec;
    this.p = precision;
  }

  /** The state arrays the optimizer keeps per parameter element, saved in checkpoints. */
  String[] stateArrays() {
    if (spec instanceof OptimizerSpec.Adam) {
      return new String[] {"m", "v"};
    }
    OptimizerSpec.Sgd sgd = (OptimizerSpec.Sgd) spec;
    return sgd.momentum() != 0 ? new String[] {"velocity"} : new String[0];
  }

  /** A comment naming the rule, for the generated method's Javadoc. */
  String describe() {
    if (spec instanceof OptimizerSpec.Adam a) {
      return (a.decoupled() ? "AdamW" : "Adam") + " (lr " + a.lr() + ", betas " + a.beta1() + ", " + a.beta2()
          + ", eps " + a.eps() + ", weight decay " + a.weightDecay() + "), as torch.optim." + (a.decoupled() ? "AdamW" : "Adam");
    }
    OptimizerSpec.Sgd s = (OptimizerSpec.Sgd) spec;
    return "SGD (lr " + s.lr() + ", momentum " + s.momentum() + (s.nesterov() ? ", Nesterov" : "")
        + ", weight decay " + s.weightDecay() + "), as torch.optim.SGD";
  }

  CodeBlock body() {
    return spec instanceof OptimizerSpec.Adam a ? adam(a) : sgd((OptimizerSpec.Sgd) spec);
  }

  /**
   * <pre>
   * m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
   * p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
   * </pre>
   * The bias corrections are scalars computed in double, as PyTorch computes them in Python.
   */
  private CodeBlock adam(OptimizerSpec.Adam a) {
    String t = p.keyword();
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("step++");
    code.addStatement("$L stepSize = $L", t, p.narrow("lr / (1 - Math.pow(" + a.beta1() + ", step))"));
    code.addStatement("$L correction2 = $L", t, p.narrow("Math.sqrt(1 - Math.pow(" + a.beta2() + ", step))"));
    if (a.decoupled() && a.weightDecay() != 0) {
      code.addStatement("$L decay = $L", t, p.narrow("1 - lr * " + a.weightDecay()));
    }
    code.beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)");
    if (a.decoupled() && a.weightDecay() != 0) {
      code.add("// Decoupled weight decay shrinks the parameter before the Adam step.\n");
      code.addStatement("params[i] *= decay");
      code.addStatement("$L g = grads[i]", t);
    } else if (a.weightDecay() != 0) {
      code.addStatement("$L g = grads[i] + $L * params[i]", t, p.literal(a.weightDecay()));
    } else {
      code.addStatement("$L g = grads[i]", t);
    }
    code.addStatement("m[i] = m[i] * $L + g * $L", p.literal(a.beta1()), p.literal(1 - a.beta1()));
    code.addStatement("v[i] = v[i] * $L + g * g * $L", p.literal(a.beta2()), p.literal(1 - a.beta2()));
    code.addStatement("$L denom = $L / correction2 + $L", t, p.math("sqrt", "v[i]"), p.literal(a.eps()));
    code.addStatement("params[i] -= stepSize * (m[i] / denom)");
    return code.endControlFlow().build();
  }

  /**
   * <pre>
   * g += weight_decay p;  buf = g on the first step, else momentum buf + g
   * p -= lr (nesterov ? g + momentum buf : buf)
   * </pre>
   */
  private CodeBlock sgd(OptimizerSpec.Sgd s) {
    String t = p.keyword();
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$L rate = $L", t, p == Precision.FLOAT ? "(float) lr" : "lr");
    code.beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)");
    if (s.weightDecay() != 0) {
      code.addStatement("$L g = grads[i] + $L * params[i]", t, p.literal(s.weightDecay()));
    } else {
      code.addStatement("$L g = grads[i]", t);
    }
    if (s.momentum() != 0) {
      code.addStatement("velocity[i] = step == 0 ? g : $L * velocity[i] + g", p.literal(s.momentum()));
      code.addStatement(s.nesterov() ? "g = g + $L * velocity[i]" : "g = velocity[i]$L",
          s.nesterov() ? p.literal(s.momentum()) : "");
    }
    code.addStatement("params[i] -= rate * g");
    code.endControlFlow();
    return code.addStatement("step++").build();
  }
}
