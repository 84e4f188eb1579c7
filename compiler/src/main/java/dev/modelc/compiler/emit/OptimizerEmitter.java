package dev.modelc.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.modelc.compiler.ir.OptimizerSpec;
import dev.modelc.compiler.ir.ScheduleSpec;
import dev.modelc.compiler.ir.TrainSpec;

/**
 * The optimizer step as one pass over the flat parameter, gradient and state arrays, following
 * PyTorch's update rules term by term so that trajectories can be compared step by step; and the
 * learning-rate schedule and gradient clipping around it.
 */
final class OptimizerEmitter {
  private static final ClassName CHECKS = ClassName.get(ModelClassGenerator.RUNTIME, "Checks");

  private final TrainSpec train;
  private final OptimizerSpec spec;
  private final Precision p;

  OptimizerEmitter(TrainSpec train, Precision precision) {
    this.train = train;
    this.spec = train.optimizer();
    this.p = precision;
  }

  /** The state arrays the optimizer keeps per parameter element, saved in checkpoints. */
  String[] stateArrays() {
    if (spec instanceof OptimizerSpec.Adam) {
      return new String[] {"m", "v"};
    }
    if (spec instanceof OptimizerSpec.Rmsprop r) {
      return r.momentum() != 0 ? new String[] {"v", "velocity"} : new String[] {"v"};
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
    if (spec instanceof OptimizerSpec.Rmsprop r) {
      return "RMSprop (lr " + r.lr() + ", alpha " + r.alpha() + ", eps " + r.eps() + ", momentum " + r.momentum()
          + ", weight decay " + r.weightDecay() + "), as torch.optim.RMSprop";
    }
    OptimizerSpec.Sgd s = (OptimizerSpec.Sgd) spec;
    return "SGD (lr " + s.lr() + ", momentum " + s.momentum() + (s.nesterov() ? ", Nesterov" : "")
        + ", weight decay " + s.weightDecay() + "), as torch.optim.SGD";
  }

  /**
   * The learning rate of an epoch: the base rate through each epoch schedule in order, for
   * {@code startEpoch} and the constructor.
   */
  String epochRate(String epoch) {
    String rate = "baseLr";
    for (ScheduleSpec s : train.schedules()) {
      if (s instanceof ScheduleSpec.Step step) {
        rate = rate + " * Math.pow(" + step.gamma() + ", " + epoch + " / " + step.every() + ")";
      } else if (s instanceof ScheduleSpec.Exponential e) {
        rate = rate + " * Math.pow(" + e.gamma() + ", " + epoch + ")";
      } else if (s instanceof ScheduleSpec.Cosine c) {
        rate = c.minLr() + " + (" + rate + " - " + c.minLr() + ") * (1 + Math.cos(Math.PI * " + epoch
            + " / Math.max(1, epochsPlanned))) / 2";
      }
    }
    return rate;
  }

  CodeBlock body() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// A gradient that is not finite stops training before it touches the parameters.\n");
    code.addStatement("$T.finite(grads, PARAMETER_INFO, $S, epoch + 1, step + 1L)", CHECKS, "gradient");
    code.add(clipping());
    String rate = "lr";
    for (ScheduleSpec s : train.schedules()) {
      if (s instanceof ScheduleSpec.Warmup w) {
        code.add("// Linear warmup over the first $L steps.\n", w.steps());
        rate = "lr * Math.min(1.0, (step + 1) / " + (double) w.steps() + ")";
      }
    }
    code.addStatement("double rate = $L", rate);
    if (spec instanceof OptimizerSpec.Adam a) {
      code.add(adam(a));
    } else if (spec instanceof OptimizerSpec.Rmsprop r) {
      code.add(rmsprop(r));
    } else {
      code.add(sgd((OptimizerSpec.Sgd) spec));
    }
    code.addStatement("step++");
    code.add("// The rule keeps a parameter whose new value would not be finite; report the first.\n");
    code.addStatement("$T.finiteUpdate(rejected, PARAMETER_INFO, epoch + 1, step)", CHECKS);
    return code.build();
  }

  /** {@code clip_grad_norm_} and {@code clip_grad_value_}, before the rule, as a training script calls them. */
  private CodeBlock clipping() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (train.clipNorm() > 0) {
      code.add("// clip_norm $L: scale the gradient by max_norm / (norm + 1e-6) when that is below 1.\n", train.clipNorm());
      code.addStatement("double norm = 0");
      code.beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)");
      // Summed in double, however the gradient is stored.
      code.addStatement(p == Precision.FLOAT ? "norm += (double) grads[i] * grads[i]" : "norm += grads[i] * grads[i]");
      code.endControlFlow();
      code.addStatement("double coefficient = $L / (Math.sqrt(norm) + 1e-6)", train.clipNorm());
      code.beginControlFlow("if (coefficient < 1)");
      code.addStatement("$L scale = $L", p.keyword(), p.narrow("coefficient"));
      code.beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)");
      code.addStatement("grads[i] *= scale");
      code.endControlFlow();
      code.endControlFlow();
    }
    if (train.clipValue() > 0) {
      code.add("// clip_value $L: clamp every gradient element.\n", train.clipValue());
      code.beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)");
      code.addStatement("grads[i] = Math.max($L, Math.min($L, grads[i]))", p.literal(-train.clipValue()),
          p.literal(train.clipValue()));
      code.endControlFlow();
    }
    return code.build();
  }

  /** Stores a new parameter value unless it is not finite, counting how many were rejected. */
  private void store(CodeBlock.Builder code, String value) {
    code.addStatement("$L next = $L", p.keyword(), value);
    code.addStatement("boolean finite = $L.isFinite(next)", p == Precision.FLOAT ? "Float" : "Double");
    code.addStatement("params[i] = finite ? next : params[i]");
    code.addStatement("rejected = finite || rejected >= 0 ? rejected : i");
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
    code.addStatement("$L stepSize = $L", t, p.narrow("rate / (1 - Math.pow(" + a.beta1() + ", step + 1))"));
    code.addStatement("$L correction2 = $L", t, p.narrow("Math.sqrt(1 - Math.pow(" + a.beta2() + ", step + 1))"));
    if (a.decoupled() && a.weightDecay() != 0) {
      code.addStatement("$L decay = $L", t, p.narrow("1 - rate * " + a.weightDecay()));
    }
    code.addStatement("int rejected = -1");
    code.beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)");
    if (a.decoupled() && a.weightDecay() != 0) {
      code.add("// Decoupled weight decay shrinks the parameter before the Adam step.\n");
      code.addStatement("$L decayed = params[i] * decay", t);
      code.addStatement("$L g = grads[i]", t);
    } else if (a.weightDecay() != 0) {
      code.addStatement("$L decayed = params[i]", t);
      code.addStatement("$L g = grads[i] + $L * params[i]", t, p.literal(a.weightDecay()));
    } else {
      code.addStatement("$L decayed = params[i]", t);
      code.addStatement("$L g = grads[i]", t);
    }
    code.addStatement("m[i] = m[i] * $L + g * $L", p.literal(a.beta1()), p.literal(1 - a.beta1()));
    code.addStatement("v[i] = v[i] * $L + g * g * $L", p.literal(a.beta2()), p.literal(1 - a.beta2()));
    code.addStatement("$L denom = $L / correction2 + $L", t, p.math("sqrt", "v[i]"), p.literal(a.eps()));
    store(code, "decayed - stepSize * (m[i] / denom)");
    return code.endControlFlow().build();
  }

  /**
   * <pre>
   * v = alpha v + (1 - alpha) g^2;  avg = sqrt(v) + eps
   * p -= lr (momentum ? (buf = momentum buf + g / avg) : g / avg)
   * </pre>
   */
  private CodeBlock rmsprop(OptimizerSpec.Rmsprop r) {
    String t = p.keyword();
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$L alpha = $L", t, p.narrow("rate"));
    code.addStatement("int rejected = -1");
    code.beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)");
    if (r.weightDecay() != 0) {
      code.addStatement("$L g = grads[i] + $L * params[i]", t, p.literal(r.weightDecay()));
    } else {
      code.addStatement("$L g = grads[i]", t);
    }
    code.addStatement("v[i] = v[i] * $L + g * g * $L", p.literal(r.alpha()), p.literal(1 - r.alpha()));
    code.addStatement("$L avg = $L + $L", t, p.math("sqrt", "v[i]"), p.literal(r.eps()));
    if (r.momentum() != 0) {
      code.addStatement("velocity[i] = velocity[i] * $L + g / avg", p.literal(r.momentum()));
      store(code, "params[i] - alpha * velocity[i]");
    } else {
      store(code, "params[i] - alpha * (g / avg)");
    }
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
    code.addStatement("$L alpha = $L", t, p.narrow("rate"));
    code.addStatement("int rejected = -1");
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
    store(code, "params[i] - alpha * g");
    return code.endControlFlow().build();
  }
}
