package dev.modelc.compiler.emit;

import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.compiler.ir.ParamDecl;
import java.nio.charset.StandardCharsets;

/**
 * A 64-bit FNV-1a hash of what a checkpoint's contents depend on: the model's name, precision,
 * sizes, parameter names and shapes, and optimizer. A checkpoint of any other layout is refused.
 */
final class Fingerprint {
  private Fingerprint() {}

  static long of(ModelIr model, Precision precision) {
    StringBuilder s = new StringBuilder();
    s.append(model.name()).append(';').append(precision).append(';')
        .append(model.inputShape()).append(';').append(model.targetSize()).append(';')
        .append(model.train().optimizer().getClass().getSimpleName()).append(';');
    for (ParamDecl decl : model.params()) {
      s.append(decl.name()).append(decl.shape()).append(';');
    }
    long hash = 0xcbf29ce484222325L;
    for (byte b : s.toString().getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
