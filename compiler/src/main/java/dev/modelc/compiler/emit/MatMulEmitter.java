package dev.modelc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.lower.Plan;
import dev.modelc.compiler.lower.Storage;

/**
 * Lowers a per-example product to calls of the runtime's GEMM. Where the batch can be folded into
 * one large product (a batched left operand, or a batched vector on the right) it makes one call
 * for the whole batch, which is what keeps the kernel near its peak; otherwise one call per example.
 */
final class MatMulEmitter {
  private final Plan plan;
  private final Precision p;

  MatMulEmitter(Plan plan, Precision precision) {
    this.plan = plan;
    this.p = precision;
  }

  /** One operand as a row-major matrix: its rows and columns as used, its leading dimension. */
  private record Operand(Storage storage, boolean trans, int rows, int cols, int ld) {
    String base() {
      return String.valueOf(storage.base());
    }

    String baseAt(String b) {
      return storage.batched() ? Pos.sum(base(), Pos.product(b, storage.size())) : base();
    }
  }

  private Operand left(Node a, boolean trans) {
    Storage s = plan.storageOf(a);
    if (a.shape().rank() == 1) {
      return new Operand(s, false, 1, a.shape().dim(0), a.shape().dim(0));
    }
    int d0 = a.shape().dim(0);
    int d1 = a.shape().dim(1);
    return new Operand(s, trans, trans ? d1 : d0, trans ? d0 : d1, d1);
  }

  private Operand right(Node b, boolean trans) {
    Storage s = plan.storageOf(b);
    if (b.shape().rank() == 1) {
      return new Operand(s, false, b.shape().dim(0), 1, 1);
    }
    int d0 = b.shape().dim(0);
    int d1 = b.shape().dim(1);
    return new Operand(s, trans, trans ? d1 : d0, trans ? d0 : d1, d1);
  }

  /**
   * A product as the node that stores it uses it: the operands, C's storage (the node's), op(A)'s
   * rows m, the depth k and op(B)'s columns n.
   */
  private record Product(Operand a, Operand b, Storage c, int m, int k, int n) {}

  private Product product(Node node, Op.MatMul op) {
    Operand a = left(op.a(), op.transA());
    Operand b = right(op.b(), op.transB());
    return new Product(a, b, plan.storageOf(node), a.rows(), a.cols(), b.cols());
  }

  /**
   * {@code h = W1 @ x} over a batch reads as one product of the stacked inputs and W1 transposed:
   * <pre>Gemm.sgemm(false, true, n, 8, 2, x, 0, 2, params, 0, 2, t3, 0, 8, false);</pre>
   */
  CodeBlock emit(Node node, Op.MatMul op) {
    Product x = product(node, op);
    CodeBlock whole = batchedCall(x, p.gemm(), "false");
    if (whole != null) {
      return whole;
    }
    Operand a = x.a();
    Operand b = x.b();
    String cBase = String.valueOf(x.c().base());
    if (!a.storage().batched() && !b.storage().batched()) {
      return call(a.trans(), b.trans(), x.m(), x.n(), x.k(), a, a.base(), b, b.base(), x.c().array(), cBase, x.n());
    }
    CodeBlock.Builder code = CodeBlock.builder();
    code.beginControlFlow("for (int b = 0; b < n; b++)");
    code.add(call(a.trans(), b.trans(), x.m(), x.n(), x.k(), a, a.baseAt("b"), b, b.baseAt("b"),
        x.c().array(), Pos.sum(cBase, Pos.product("b", x.c().size())), x.n()));
    return code.endControlFlow().build();
  }

  /**
   * The product that {@code node} reads, computed with its epilogue into the node's storage, for the
   * whole batch with one example per row of C (see {@code Epilogues}):
   * <pre>
   * Gemm.sgemmBias(false, true, n, 32, 64, x, 0, 64, params, 0, 64, h, 0, 32, params, 2048, true);
   * Gemm.sgemmMask(false, false, n, 32, 10, t26, 0, 10, params, 2080, 32, t34, 0, 32, h, 0, 32);
   * </pre>
   */
  CodeBlock emitFused(Node node, Plan.Epilogue epilogue) {
    Storage e = plan.storageOf(epilogue.operand());
    String eBase = String.valueOf(e.base());
    boolean mask = epilogue.kind() == Plan.Epilogue.Kind.MASK;
    // The bias is one row for every example; the mask has a row per example, as C has.
    String tail = e.array() + ", " + eBase + ", "
        + (mask ? String.valueOf(e.size()) : String.valueOf(epilogue.kind() == Plan.Epilogue.Kind.BIAS_RELU));
    Product x = product(node, (Op.MatMul) epilogue.product().op());
    CodeBlock call = batchedCall(x, p.gemm() + (mask ? "Mask" : "Bias"), tail);
    if (call == null) {
      throw new IllegalStateException("Epilogues fused a product that is not one call: " + epilogue.product());
    }
    return call;
  }

  /**
   * The product for the whole batch as one call of the runtime's {@code function}, with
   * {@code tail} after C; null when the batch does not fold into one product.
   */
  private CodeBlock batchedCall(Product x, String function, String tail) {
    Operand a = x.a();
    Operand b = x.b();
    Storage c = x.c();
    int m = x.m();
    int k = x.k();
    int n = x.n();
    String cBase = String.valueOf(c.base());
    boolean ab = a.storage().batched();
    boolean bb = b.storage().batched();
    if (ab && !bb && !a.trans()) {
      // Each example's rows follow the previous example's: one product with n times the rows.
      return call(function, false, b.trans(), m == 1 ? "n" : "n * " + m, n, k, a, a.base(), b, b.base(),
          c.array(), cBase, n, tail);
    }
    if (!ab && bb && n == 1) {
      // A batched vector on the right: stack the vectors as rows and multiply by op(A) transposed.
      Operand stacked = new Operand(b.storage(), false, k, 1, k);
      Operand flipped = new Operand(a.storage(), !a.trans(), k, m, a.ld());
      return call(function, false, flipped.trans(), "n", m, k, stacked, stacked.base(), flipped, flipped.base(),
          c.array(), cBase, m, tail);
    }
    return null;
  }

  private CodeBlock call(boolean ta, boolean tb, Object m, int n, int k, Operand a, String aBase, Operand b,
      String bBase, String c, String cBase, int ldc) {
    return call(p.gemm(), ta, tb, m, n, k, a, aBase, b, bBase, c, cBase, ldc, "false");
  }

  /** A call of the runtime's {@code function}, with {@code tail} after C: the accumulate flag, or the epilogue. */
  private CodeBlock call(String function, boolean ta, boolean tb, Object m, int n, int k, Operand a, String aBase,
      Operand b, String bBase, String c, String cBase, int ldc, String tail) {
    return CodeBlock.of("$T.$L($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L);\n",
        Steps.GEMM, function, ta, tb, m, n, k, a.storage().array(), aBase, a.ld(), b.storage().array(), bBase,
        b.ld(), c, cBase, ldc, tail);
  }

  /**
   * The weight gradient of a dense layer, the sum over the batch of outer products g_b x_bᵀ, as one
   * product Gᵀ X of the stacked vectors:
   * <pre>Gemm.sgemm(true, false, 8, 2, n, t26, 0, 8, x, 0, 2, grads, 0, 2, false);</pre>
   * Returns null when {@code sum} is not such a sum of two stored, per-example vectors.
   */
  CodeBlock sumOfOuterProducts(Node node, Node sum) {
    if (plan.isMaterialized(sum) || !(sum.op() instanceof Op.Binary mul) || mul.fn() != dev.modelc.compiler.ir.BinaryFn.MUL) {
      return null;
    }
    Storage column = vector(mul.a(), true);
    Storage row = vector(mul.b(), false);
    if (column == null || row == null) {
      return null;
    }
    Storage c = plan.storageOf(node);
    String cBase = String.valueOf(c.base());
    String gBase = String.valueOf(column.base());
    String xBase = String.valueOf(row.base());
    int m = column.size();
    int n = row.size();
    return CodeBlock.of("$T.$L(true, false, $L, $L, n, $L, $L, $L, $L, $L, $L, $L, $L, $L, false);\n",
        Steps.GEMM, p.gemm(), m, n, column.array(), gBase, m, row.array(), xBase, n, c.array(), cBase, n);
  }

  /** The storage of a per-example vector viewed as a column [m, 1] (or a row [1, n]), or null. */
  private Storage vector(Node view, boolean column) {
    if (!(view.op() instanceof Op.Reshape r) || view.shape().rank() != 2 || r.x().shape().rank() != 1) {
      return null;
    }
    int other = column ? view.shape().dim(1) : view.shape().dim(0);
    Storage s = plan.storageOf(r.x());
    return other == 1 && s != null && s.batched() ? s : null;
  }
}
