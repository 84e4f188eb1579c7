package dev.modelc.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.Shape;
import dev.modelc.compiler.lower.Plan;
import dev.modelc.compiler.lower.Storage;
import java.util.ArrayList;
import java.util.List;

/** The code that computes one materialized node into its storage, one case per operation. */
final class Steps implements Op.Visitor<CodeBlock> {
  static final ClassName GEMM = ClassName.get("dev.modelc.runtime", "Gemm");

  private final Plan plan;
  private final Precision p;
  private final Exprs exprs;
  private final Loops loops;
  private final Node node;
  private final Storage dst;

  /** @param training as for {@link Exprs}: known when generating, or null for the run-time flag */
  Steps(Plan plan, Precision precision, Node node, Boolean training) {
    this.plan = plan;
    this.p = precision;
    this.exprs = new Exprs(plan, precision, training);
    this.loops = new Loops(exprs);
    this.node = node;
    this.dst = plan.storageOf(node);
  }

  private CodeBlock leaf() {
    throw new IllegalStateException("leaves are stored, not computed: " + node.op());
  }

  @Override
  public CodeBlock visitInput(Op.Input op) {
    return leaf();
  }

  @Override
  public CodeBlock visitTarget(Op.Target op) {
    return leaf();
  }

  @Override
  public CodeBlock visitParam(Op.Param op) {
    return leaf();
  }

  @Override
  public CodeBlock visitConst(Op.Const op) {
    return elementwise();
  }

  @Override
  public CodeBlock visitBatchInverse(Op.BatchInverse op) {
    return elementwise();
  }

  @Override
  public CodeBlock visitUnary(Op.Unary op) {
    if (Softmaxes.computedWithItsLogSumExp(plan, node)) {
      return CodeBlock.of("// $L: computed above, with its log-sum-exp.\n", dst.array());
    }
    return elementwise();
  }

  @Override
  public CodeBlock visitBinary(Op.Binary op) {
    return elementwise();
  }

  @Override
  public CodeBlock visitBroadcast(Op.Broadcast op) {
    return elementwise();
  }

  @Override
  public CodeBlock visitReshape(Op.Reshape op) {
    return elementwise();
  }

  @Override
  public CodeBlock visitOneHot(Op.OneHot op) {
    return elementwise();
  }

  @Override
  public CodeBlock visitState(Op.State op) {
    return leaf();
  }

  @Override
  public CodeBlock visitTrainingSwitch(Op.TrainingSwitch op) {
    return elementwise();
  }

  /**
   * <pre>
   * if (training) {
   *   for (int i = 0; i < n * 32; i++) t4[i] = dropoutRng.nextDouble() < 0.1 ? 0f : 1.1111112f;
   * } else {
   *   Arrays.fill(t4, 0, n * 32, 1f);
   * }
   * </pre>
   */
  @Override
  public CodeBlock visitDropoutMask(Op.DropoutMask op) {
    String count = op.shape().size() == 1 ? "n" : "n * " + op.shape().size();
    return CodeBlock.builder()
        .beginControlFlow("if (training)")
        .add("// Inverted dropout: kept elements are scaled by 1/(1-p) so that inference needs no scaling.\n")
        .beginControlFlow("for (int i = 0; i < $L; i++)", count)
        .addStatement("$L[i] = dropoutRng.nextDouble() < $L ? $L : $L", dst.array(), op.p(), p.literal(0),
            p.literal(1 / (1 - op.p())))
        .endControlFlow()
        .nextControlFlow("else")
        .add(Loops.fill(dst, p, 1))
        .endControlFlow()
        .build();
  }

  @Override
  public CodeBlock visitTranspose(Op.Transpose op) {
    return elementwise();
  }

  @Override
  public CodeBlock visitStopGradient(Op.StopGradient op) {
    return elementwise();
  }

  /** The running maximum of each example's elements. */
  @Override
  public CodeBlock visitReduceMax(Op.ReduceMax op) {
    Node x = op.x();
    boolean flat = exprs.kind(x, false, x.shape(), x.batched()) != Exprs.LoopKind.AXES;
    String b = x.batched() ? "b" : null;
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(x.batched() ? "for (int b = 0; b < n; b++) {\n$>" : "{\n$>");
    code.addStatement("$L max = $L", p.keyword(), p.literal(Double.NEGATIVE_INFINITY));
    List<String> axes = new ArrayList<>();
    if (flat) {
      code.beginControlFlow("for (int j = 0; j < $L; j++)", x.shape().size());
    } else {
      for (int axis = 0; axis < x.shape().rank(); axis++) {
        axes.add("i" + axis);
        code.beginControlFlow("for (int i$L = 0; i$L < $L; i$L++)", axis, axis, x.shape().dim(axis), axis);
      }
    }
    Pos pos = flat ? new Pos.Rows(b, "j") : new Pos.Axes(b, axes);
    code.addStatement("max = Math.max(max, $L)", exprs.at(x, pos));
    for (int k = 0; k < (flat ? 1 : x.shape().rank()); k++) {
      code.endControlFlow();
    }
    code.addStatement("$L = max", Loops.target(dst, new Pos.Rows(b, "0"), node.shape()));
    return code.add("$<}\n").build();
  }

  @Override
  public CodeBlock visitSlice(Op.Slice op) {
    return elementwise();
  }

  @Override
  public CodeBlock visitPad(Op.Pad op) {
    return elementwise();
  }

  /**
   * The node's formula, evaluated with its inputs' storage, as if it were inlined into a copy; or,
   * when the formula is a product with an epilogue, that product.
   */
  private CodeBlock elementwise() {
    Plan.Epilogue fused = plan.epilogueOf(node);
    if (fused != null) {
      return new MatMulEmitter(plan, p).emitFused(node, fused);
    }
    return loops.write(dst, node.shape(), node, true, node.batched(), "=");
  }

  /** A sum over the whole example keeps a running total; other sums add into zeroed elements. */
  @Override
  public CodeBlock visitSum(Op.Sum op) {
    Node x = op.x();
    CodeBlock.Builder code = CodeBlock.builder();
    if (node.shape().rank() == 0 && exprs.kind(x, false, x.shape(), x.batched()) != Exprs.LoopKind.AXES) {
      int size = x.shape().size();
      String b = x.batched() ? "b" : null;
      // A block of its own keeps the accumulator local when there is no batch loop around it.
      code.add(x.batched() ? "for (int b = 0; b < n; b++) {\n$>" : "{\n$>");
      if (size == 1) {
        code.addStatement("$L = $L", Loops.target(dst, new Pos.Rows(b, "0"), node.shape()), exprs.at(x, new Pos.Rows(b, "0")));
      } else {
        code.addStatement("$L acc = 0", p.keyword());
        code.beginControlFlow("for (int j = 0; j < $L; j++)", size);
        code.addStatement("acc += $L", exprs.at(x, new Pos.Rows(b, "j")));
        code.endControlFlow();
        code.addStatement("$L = acc", Loops.target(dst, new Pos.Rows(b, "0"), node.shape()));
      }
      return code.add("$<}\n").build();
    }
    code.add(Loops.zero(dst, p));
    if (x.batched()) {
      code.beginControlFlow("for (int b = 0; b < n; b++)");
    }
    List<String> all = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (int axis = 0; axis < x.shape().rank(); axis++) {
      String index = "i" + axis;
      all.add(index);
      if (!op.axes().contains(axis)) {
        kept.add(index);
      }
      code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", index, index, x.shape().dim(axis), index);
    }
    String b = x.batched() ? "b" : null;
    code.addStatement("$L += $L", Loops.target(dst, new Pos.Axes(b, kept), node.shape()),
        exprs.at(x, new Pos.Axes(b, all)));
    for (int axis = 0; axis < x.shape().rank(); axis++) {
      code.endControlFlow();
    }
    if (x.batched()) {
      code.endControlFlow();
    }
    return code.build();
  }

  /** Every example adds its value into the same elements; a sum of outer products is one GEMM. */
  @Override
  public CodeBlock visitBatchSum(Op.BatchSum op) {
    CodeBlock product = new MatMulEmitter(plan, p).sumOfOuterProducts(node, op.x());
    if (product != null) {
      return product;
    }
    return CodeBlock.builder()
        .add(Loops.zero(dst, p))
        .add(loops.write(dst, node.shape(), op.x(), true, "+="))
        .build();
  }

  /**
   * <pre>
   * for (int r = 0; r < n * 1; r++) {
   *   float max = Float.NEGATIVE_INFINITY;   // shift by the row's maximum so exp cannot overflow
   *   ...
   *   t7[r] = max + (float) Math.log(sum);
   * }
   * </pre>
   */
  @Override
  public CodeBlock visitLogSumExp(Op.LogSumExp op) {
    Storage x = plan.storageOf(op.x());
    int last = op.x().shape().dim(op.x().shape().rank() - 1);
    int rows = node.shape().size();
    String count = x.batched() ? (rows == 1 ? "n" : "n * " + rows) : String.valueOf(rows);
    String row = Pos.sum(String.valueOf(x.base()), "r * " + last);
    String elem = x.array() + "[" + row + " + k]";
    CodeBlock.Builder code = CodeBlock.builder();
    code.beginControlFlow("for (int r = 0; r < $L; r++)", count);
    code.add("// Shift by the row's maximum so that exp cannot overflow.\n");
    code.addStatement("$L max = $L", p.keyword(), p.literal(Double.NEGATIVE_INFINITY));
    code.beginControlFlow("for (int k = 0; k < $L; k++)", last);
    code.addStatement("max = Math.max(max, $L)", elem);
    code.endControlFlow();
    code.addStatement("$L sum = 0", p.keyword());
    Node softmax = Softmaxes.fusedInto(plan, node);
    Storage probs = softmax == null ? null : plan.storageOf(softmax);
    String prob = probs == null ? null
        : probs.array() + "[" + Pos.sum(Pos.sum(String.valueOf(probs.base()), "r * " + last), "k") + "]";
    code.beginControlFlow("for (int k = 0; k < $L; k++)", last);
    if (probs == null) {
      code.addStatement("sum += $L", p.math("exp", elem + " - max"));
    } else {
      code.addStatement("$L e = $L", p.keyword(), p.math("exp", elem + " - max"));
      code.addStatement("$L = e", prob);
      code.addStatement("sum += e");
    }
    code.endControlFlow();
    code.addStatement("$L[$L] = max + $L", dst.array(), Pos.sum(String.valueOf(dst.base()), "r"),
        p.math("log", "sum"));
    if (probs != null) {
      code.add("// $L = exp(x - logsumexp(x)) = exp(x - max) / sum: the exponentials above, divided.\n", probs.array());
      code.beginControlFlow("for (int k = 0; k < $L; k++)", last);
      code.addStatement("$L /= sum", prob);
      code.endControlFlow();
    }
    return code.endControlFlow().build();
  }

  @Override
  public CodeBlock visitMatMul(Op.MatMul op) {
    return new MatMulEmitter(plan, p).emit(node, op);
  }
}
