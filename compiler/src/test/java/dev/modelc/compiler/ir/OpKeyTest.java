package dev.modelc.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The interning key of an op agrees with the op's record equality: a copy of an op has an equal
 * key with the same hash, and a change to any one component gives another key. The changes are
 * made through the record's components, so a component that the key forgets fails here.
 */
class OpKeyTest {
  private final Graph.Builder b = new Graph.Builder();
  private final Node x = b.add(new Op.Input(Shape.of(2, 2)));
  private final Node y = b.add(new Op.Param(0, "W", Shape.of(2, 2)));
  private final Node label = b.add(new Op.Target(Shape.SCALAR));

  /** One op of every kind. */
  private List<Op> samples() {
    return List.of(
        new Op.Input(Shape.of(2)),
        new Op.Target(Shape.of(2)),
        new Op.Param(1, "c", Shape.of(2)),
        new Op.Const(0.5),
        new Op.BatchInverse(),
        new Op.Unary(UnaryFn.EXP, x),
        new Op.Binary(BinaryFn.ADD, x, y),
        new Op.MatMul(x, y, false, false),
        new Op.Sum(x, List.of(0)),
        new Op.BatchSum(x),
        new Op.Broadcast(x, Shape.of(2, 2), false),
        new Op.Reshape(x, Shape.of(4)),
        new Op.LogSumExp(x),
        new Op.OneHot(label, 3),
        new Op.Slice(x, 0, 1),
        new Op.Pad(x, 0, 3),
        new Op.ReduceMax(x),
        new Op.Transpose(x),
        new Op.StopGradient(x),
        new Op.State(0, "mean", Shape.of(2)),
        new Op.DropoutMask(0, Shape.of(2), 0.5),
        new Op.TrainingSwitch(x, y));
  }

  @Test
  void everyKindOfOpHasASample() {
    Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
    assertEquals(Set.of(Op.class.getPermittedSubclasses()), sampled);
  }

  @Test
  void keysAgreeWithRecordEquality() throws ReflectiveOperationException {
    for (Op op : samples()) {
      RecordComponent[] components = op.getClass().getRecordComponents();
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = components[i].getAccessor().invoke(op);
      }
      Op copy = construct(op, values);
      assertEquals(op, copy);
      assertEquals(OpKey.of(op), OpKey.of(copy), op.toString());
      assertEquals(OpKey.of(op).hashCode(), OpKey.of(copy).hashCode(), op.toString());
      for (int i = 0; i < components.length; i++) {
        Object[] changed = values.clone();
        changed[i] = other(values[i]);
        Op variant = construct(op, changed);
        assertNotEquals(op, variant);
        assertNotEquals(OpKey.of(op), OpKey.of(variant), op + " and " + variant);
      }
    }
  }

  @Test
  void opsOfDifferentKindsWithTheSameFieldsHaveDifferentKeys() {
    assertNotEquals(OpKey.of(new Op.LogSumExp(x)), OpKey.of(new Op.ReduceMax(x)));
    assertNotEquals(OpKey.of(new Op.Input(Shape.of(2))), OpKey.of(new Op.Target(Shape.of(2))));
  }

  @Test
  void constantsAreKeyedAsTheRecordComparesThem() {
    assertNotEquals(OpKey.of(new Op.Const(0.0)), OpKey.of(new Op.Const(-0.0)));
    assertEquals(OpKey.of(new Op.Const(Double.NaN)), OpKey.of(new Op.Const(Double.NaN)));
  }

  private static Op construct(Op op, Object[] values) throws ReflectiveOperationException {
    Class<?>[] types = Arrays.stream(op.getClass().getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
    Constructor<?> canonical = op.getClass().getDeclaredConstructor(types);
    return (Op) canonical.newInstance(values);
  }

  /** A value of the same type that differs from {@code value}. */
  private Object other(Object value) {
    if (value instanceof Node node) {
      return node == x ? y : x;
    } else if (value instanceof Integer i) {
      return i + 1;
    } else if (value instanceof Double d) {
      return d + 1;
    } else if (value instanceof Boolean bool) {
      return !bool;
    } else if (value instanceof String s) {
      return s + "'";
    } else if (value instanceof Shape shape) {
      List<Integer> dims = new ArrayList<>(shape.dims());
      dims.add(5);
      return new Shape(dims);
    } else if (value instanceof List<?> list) {
      List<Object> longer = new ArrayList<>(list);
      longer.add(1);
      return longer;
    } else if (value instanceof Enum<?> e) {
      Object[] constants = e.getDeclaringClass().getEnumConstants();
      return constants[(e.ordinal() + 1) % constants.length];
    }
    assertTrue(false, "no other value for " + value);
    return null;
  }
}
