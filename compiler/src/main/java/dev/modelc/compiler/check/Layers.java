package dev.modelc.compiler.check;

import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.InitSpec;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.Shape;

/** Layers: calls that add parameters named after the value they are assigned to. */
final class Layers {
  private Layers() {}

  /** {@code dense(x, units)} = weight @ x + bias, with PyTorch's [out, in] weight layout. */
  static Node dense(Args a) {
    Node x = a.tensor("x");
    Integer units = a.integer("units");
    Boolean bias = a.bool("bias");
    if (x == null || units == null || bias == null) {
      return null;
    }
    if (x.shape().rank() != 1) {
      a.error(a.span("x"), Messages.notAVector(a.function(), x.shape().toString()));
      return null;
    }
    if (units < 1) {
      a.error(a.span("units"), Messages.mustBePositive("'units' of 'dense'", String.valueOf(units)));
      return null;
    }
    Shape weightShape = Shape.of(units, x.shape().dim(0));
    InitSpec init = a.has("init")
        ? Inits.resolve(a.raw("init"), weightShape, a.model())
        : Inits.named("he", weightShape);
    if (init == null) {
      return null;
    }
    ModelChecker model = a.model();
    String name = model.layerName(a);
    if (name == null) {
      return null;
    }
    Graph.Builder b = a.builder();
    Node weight = model.declareParam(name + ".weight", weightShape, init, a.span());
    if (weight == null) {
      return null;
    }
    Node y = b.add(new Op.MatMul(weight, x, false, false));
    if (!bias) {
      return y;
    }
    Node biasNode = model.declareParam(name + ".bias", Shape.of(units), InitSpec.zeros(), a.span());
    return biasNode == null ? null : b.add(y, biasNode);
  }
}
