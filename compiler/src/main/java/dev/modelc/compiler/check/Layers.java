package dev.modelc.compiler.check;

import static dev.modelc.compiler.check.Function.arg;

import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.InitSpec;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.Shape;
import dev.modelc.compiler.ir.UnaryFn;
import java.util.List;

/** Layers: calls that add parameters named after the value they are assigned to. */
final class Layers {
  private Layers() {}

  static void define() {
    Functions.define("dense", Function.Kind.LAYER,
        List.of(arg("x"), arg("units"), arg("bias", Boolean.TRUE), arg("init", "he")), Layers::dense);
    Functions.define("layer_norm", Function.Kind.LAYER, List.of(arg("x"), arg("eps", 1e-5)), Layers::layerNorm);
  }

  /**
   * {@code layer_norm(x)} over the last axis, with the biased variance, then {@code gamma} and
   * {@code beta} of the last axis's length, as {@code nn.LayerNorm(last)}.
   */
  static Node layerNorm(Args a) {
    Node x = a.tensor("x");
    Double eps = a.number("eps");
    if (x == null || eps == null) {
      return null;
    }
    if (x.shape().rank() == 0) {
      a.error(a.span("x"), Messages.needsAxis(a.function()));
      return null;
    }
    if (!(eps > 0)) {
      a.error(a.span("eps"), Messages.mustBePositive("'eps' of '" + a.function() + "'", String.valueOf(eps)));
      return null;
    }
    ModelChecker model = a.model();
    String name = model.layerName(a);
    if (name == null) {
      return null;
    }
    int last = x.shape().dim(x.shape().rank() - 1);
    Node gamma = model.declareParam(name + ".gamma", Shape.of(last), Inits.named("ones", Shape.of(last)), a.span());
    Node beta = model.declareParam(name + ".beta", Shape.of(last), InitSpec.zeros(), a.span());
    if (gamma == null || beta == null) {
      return null;
    }
    Graph.Builder b = a.builder();
    int axis = x.shape().rank() - 1;
    List<Integer> column = new java.util.ArrayList<>(x.shape().dropLast().dims());
    column.add(1);
    Shape kept = new Shape(column);
    Node mean = b.reshape(b.mul(b.constant(1.0 / last), b.add(new Op.Sum(x, List.of(axis)))), kept);
    Node centered = b.sub(x, mean);
    Node variance = b.reshape(b.mul(b.constant(1.0 / last), b.add(new Op.Sum(b.mul(centered, centered), List.of(axis)))), kept);
    Node normalized = b.div(centered, b.unary(UnaryFn.SQRT, b.add(variance, b.constant(eps))));
    return b.add(b.mul(normalized, gamma), beta);
  }

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
