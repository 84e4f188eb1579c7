package dev.modelc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Shape;
import dev.modelc.compiler.lower.Storage;
import java.util.ArrayList;
import java.util.List;

/** Writes the loop that stores (or adds) an inlined value into a destination array. */
final class Loops {
  private final Exprs exprs;

  Loops(Exprs exprs) {
    this.exprs = exprs;
  }

  /**
   * <pre>
   * for (int b = 0; b < n; b++) {
   *   for (int j = 0; j < 8; j++) {
   *     h[b * 8 + j] = Math.max(t3[b * 8 + j] + params[16 + j], 0f);
   *   }
   * }
   * </pre>
   * A single index {@code i} serves when every value read has the destination's shape.
   * With {@code overBatch} and an unbatched destination, every example adds into the same
   * elements (a sum over the batch).
   */
  CodeBlock write(Storage dst, Shape shape, Node value, boolean overBatch, String assign) {
    return write(dst, shape, value, false, overBatch, assign);
  }

  /** As {@link #write(Storage, Shape, Node, boolean, String)}; with {@code formula}, computes the value's own formula even when it is stored. */
  CodeBlock write(Storage dst, Shape shape, Node value, boolean formula, boolean overBatch, String assign) {
    boolean batched = dst.batched();
    Exprs.LoopKind kind = exprs.kind(value, formula, shape, batched);
    if (kind == Exprs.LoopKind.WHOLE && overBatch != batched) {
      kind = Exprs.LoopKind.ROWS;
    }
    int size = shape.size();
    CodeBlock.Builder code = CodeBlock.builder();
    String b = overBatch ? "b" : null;
    if (kind == Exprs.LoopKind.WHOLE) {
      String total = batched ? (size == 1 ? "n" : "n * " + size) : String.valueOf(size);
      Pos pos = new Pos.Whole("i");
      code.beginControlFlow("for (int i = 0; i < $L; i++)", total);
      code.addStatement("$L $L $L", target(dst, pos, shape), assign, (formula ? exprs.formula(value, pos) : exprs.at(value, pos)));
      return code.endControlFlow().build();
    }
    if (overBatch) {
      code.beginControlFlow("for (int b = 0; b < n; b++)");
    }
    Pos pos;
    int opened = 0;
    if (kind == Exprs.LoopKind.ROWS) {
      String j = size == 1 ? "0" : "j";
      if (size > 1) {
        code.beginControlFlow("for (int j = 0; j < $L; j++)", size);
        opened++;
      }
      pos = new Pos.Rows(b, j);
    } else {
      List<String> axes = new ArrayList<>();
      for (int axis = 0; axis < shape.rank(); axis++) {
        String index = "i" + axis;
        axes.add(index);
        code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", index, index, shape.dim(axis), index);
        opened++;
      }
      pos = new Pos.Axes(b, axes);
    }
    code.addStatement("$L $L $L", target(dst, pos, shape), assign, (formula ? exprs.formula(value, pos) : exprs.at(value, pos)));
    for (int k = 0; k < opened; k++) {
      code.endControlFlow();
    }
    if (overBatch) {
      code.endControlFlow();
    }
    return code.build();
  }

  static String target(Storage dst, Pos pos, Shape shape) {
    String base = String.valueOf(dst.base());
    return dst.array() + "[" + Pos.sum(base, Pos.offset(pos, shape, dst.batched())) + "]";
  }

  /** {@code Arrays.fill} with zeros over a destination's elements for a batch of n. */
  static CodeBlock zero(Storage dst, Precision p) {
    return fill(dst, p, 0);
  }

  /** {@code Arrays.fill} with a value over a destination's elements for a batch of n. */
  static CodeBlock fill(Storage dst, Precision p, double value) {
    String base = String.valueOf(dst.base());
    String count = dst.batched() ? (dst.size() == 1 ? "n" : "n * " + dst.size()) : String.valueOf(dst.size());
    String end = base.equals("0") ? count : base + " + " + count;
    return CodeBlock.of("$T.fill($L, $L, $L, $L);\n", java.util.Arrays.class, dst.array(), base, end, p.literal(value));
  }
}
