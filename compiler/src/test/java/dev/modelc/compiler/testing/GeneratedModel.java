package dev.modelc.compiler.testing;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import dev.modelc.compiler.Compiler;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Renderer;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.emit.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * A model compiled from `.nn` text to Java, compiled by javac with every lint and warnings as
 * errors, loaded, and driven through its public API only. Arrays cross the API in double so that
 * tests are written once for both precisions.
 */
public final class GeneratedModel {
  private final Class<?> type;
  private final Object instance;
  private final Precision precision;
  private final String source;

  private GeneratedModel(Class<?> type, Object instance, Precision precision, String source) {
    this.type = type;
    this.instance = instance;
    this.precision = precision;
    this.source = source;
  }

  /** The Java source modelc generates for the first model of a file; fails the test on diagnostics. */
  public static JavaFile generate(String name, String nn, Precision precision) {
    Diagnostics diagnostics = new Diagnostics();
    Compiler.Result result = Compiler.compile(new SourceFile(name, nn),
        new Compiler.Options(null, precision, null), diagnostics);
    assertWithMessage(Renderer.render(diagnostics)).that(diagnostics.hasErrors()).isFalse();
    return result.files().get(0);
  }

  /** Compiles a model with javac and returns an instance built with {@code new M(seed)}. */
  public static GeneratedModel compile(String name, String nn, Precision precision, long seed) {
    return load(generate(name, nn, precision), precision, seed);
  }

  public static GeneratedModel load(JavaFile file, Precision precision, long seed) {
    String qualified = file.packageName().isEmpty() ? file.typeSpec().name()
        : file.packageName() + "." + file.typeSpec().name();
    String text = file.toString();
    Compilation compilation = javac(qualified, text);
    ClassLoader loader = new GeneratedClassLoader(compilation.generatedFiles());
    try {
      Class<?> type = Class.forName(qualified, true, loader);
      Object instance = type.getConstructor(long.class).newInstance(seed);
      return new GeneratedModel(type, instance, precision, text);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Compiles generated source as a user's build would, and requires it to be free of warnings. */
  public static Compilation javac(String qualifiedName, String source) {
    Compilation compilation = com.google.testing.compile.Compiler.javac()
        .withOptions("--release", "17", "-Xlint:all", "-Werror")
        .compile(JavaFileObjects.forSourceString(qualifiedName, source));
    assertThat(compilation).succeededWithoutWarnings();
    return compilation;
  }

  /** The same compiled class driving another instance of it, such as one a static {@code load} returned. */
  public GeneratedModel with(Object other) {
    if (!type.isInstance(other)) {
      throw new IllegalArgumentException(other + " is not a " + type);
    }
    return new GeneratedModel(type, other, precision, source);
  }

  public String source() {
    return source;
  }

  public Object instance() {
    return instance;
  }

  public Class<?> type() {
    return type;
  }

  public int constant(String name) {
    try {
      return type.getField(name).getInt(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  public double[] parameters() {
    return toDouble(call("parameters", new Class<?>[0]));
  }

  public double[] gradients() {
    return toDouble(call("gradients", new Class<?>[0]));
  }

  /** Sets every parameter; the model's array is live, so this writes into it. */
  public void setParameters(double[] values) {
    Object live = call("parameters", new Class<?>[0]);
    for (int i = 0; i < values.length; i++) {
      java.lang.reflect.Array.set(live, i, precision == Precision.FLOAT ? (Object) (float) values[i] : (Object) values[i]);
    }
  }

  public void setParameter(int index, double value) {
    Object live = call("parameters", new Class<?>[0]);
    java.lang.reflect.Array.set(live, index, precision == Precision.FLOAT ? (Object) (float) value : (Object) value);
  }

  public double loss(double[] x, double[] y, int n) {
    return ((Number) call("loss", three(), array(x), array(y), n)).doubleValue();
  }

  public double computeGradients(double[] x, double[] y, int n) {
    return ((Number) call("computeGradients", three(), array(x), array(y), n)).doubleValue();
  }

  public double trainStep(double[] x, double[] y, int n) {
    return ((Number) call("trainStep", three(), array(x), array(y), n)).doubleValue();
  }

  public double[] predict(double[] x, int n) {
    Object out = precision == Precision.FLOAT ? new float[n * constant("OUTPUT_SIZE")] : new double[n * constant("OUTPUT_SIZE")];
    call("predict", new Class<?>[] {arrayType(), int.class, arrayType()}, array(x), n, out);
    return toDouble(out);
  }

  private Class<?>[] three() {
    return new Class<?>[] {arrayType(), arrayType(), int.class};
  }

  private Class<?> arrayType() {
    return precision == Precision.FLOAT ? float[].class : double[].class;
  }

  private Object array(double[] values) {
    if (precision == Precision.DOUBLE) {
      return values.clone();
    }
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  private static double[] toDouble(Object array) {
    int n = java.lang.reflect.Array.getLength(array);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = ((Number) java.lang.reflect.Array.get(array, i)).doubleValue();
    }
    return d;
  }

  /** Calls a public method, unwrapping exceptions it throws. */
  public Object call(String method, Class<?>[] types, Object... args) {
    try {
      Method m = type.getMethod(method, types);
      return m.invoke(instance, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Loads the classes javac produced in memory, delegating everything else to the test's loader. */
  private static final class GeneratedClassLoader extends ClassLoader {
    private final List<JavaFileObject> files;

    GeneratedClassLoader(List<JavaFileObject> files) {
      super(GeneratedModel.class.getClassLoader());
      this.files = files;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      String path = "/" + name.replace('.', '/') + ".class";
      for (JavaFileObject file : files) {
        if (file.getKind() == JavaFileObject.Kind.CLASS && file.toUri().getPath().endsWith(path)) {
          try (InputStream in = file.openInputStream()) {
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      throw new ClassNotFoundException(name);
    }
  }
}
