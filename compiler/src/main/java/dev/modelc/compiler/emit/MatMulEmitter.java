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
      return storage.base() == 0 ? "0" : String.valueOf(storage.base());
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
   * {@code h = W1 @ x} over a batch reads as one product of the stacked inputs and W1 transposed:
   * <pre>Gemm.sgemm(false, true, n, 8, 2, x, 0, 2, params, 0, 2, t3, 0, 8, false);</pre>
   */
  CodeBlock emit(Node node, Op.MatMul op) {
    Operand a = left(op.a(), op.transA());
    Operand b = right(op.b(), op.transB());
    Storage c = plan.storageOf(node);
    int m = a.rows();
    int k = a.cols();
    int n = b.cols();
    String cBase = c.base() == 0 ? "0" : String.valueOf(c.base());
    boolean ab = a.storage().batched();
    boolean bb = b.storage().batched();
    if (!ab && !bb) {
      return call(a.trans(), b.trans(), m, n, k, a, a.base(), b, b.base(), c.array(), cBase, n);
    }
    if (ab && !bb && !a.trans()) {
      // Each example's rows follow the previous example's: one product with n times the rows.
      return call(false, b.trans(), "n * " + m, n, k, a, a.base(), b, b.base(), c.array(), cBase, n);
    }
    if (!ab && n == 1) {
      // A batched vector on the right: stack the vectors as rows and multiply by op(A) transposed.
      Operand stacked = new Operand(b.storage(), false, k, 1, k);
      Operand flipped = new Operand(a.storage(), !a.trans(), k, m, a.ld());
      return call(false, flipped.trans(), "n", m, k, stacked, stacked.base(), flipped, flipped.base(), c.array(), cBase, m);
    }
    CodeBlock.Builder code = CodeBlock.builder();
    code.beginControlFlow("for (int b = 0; b < n; b++)");
    code.add(call(a.trans(), b.trans(), m, n, k, a, a.baseAt("b"), b, b.baseAt("b"),
        c.array(), Pos.sum(cBase, Pos.product("b", c.size())), n));
    return code.endControlFlow().build();
  }

  private CodeBlock call(boolean ta, boolean tb, Object m, int n, int k, Operand a, String aBase, Operand b,
      String bBase, String c, String cBase, int ldc) {
    return CodeBlock.of("$T.$L($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, false);\n",
        Steps.GEMM, p.gemm(), ta, tb, m, n, k, a.storage().array(), aBase, a.ld(), b.storage().array(), bBase,
        b.ld(), c, cBase, ldc);
  }
}
