package dev.modelc.compiler.cli;

import com.palantir.javapoet.JavaFile;
import dev.modelc.runtime.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * Compiles generated model classes with the JDK's compiler into memory, against the runtime
 * classes this program carries, and loads them in a class loader of their own. Nothing is written
 * to disk.
 */
final class InMemoryJavac {
  private InMemoryJavac() {}

  /** Why a class could not be made; the message is meant for the user. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  /**
   * Compiles {@code file} with {@code compiler} (the system compiler, null on a JRE) and returns its
   * top-level class, loaded by a fresh class loader whose parent provides the runtime.
   */
  static Class<?> compile(JavaFile file, JavaCompiler compiler) throws Failure {
    if (compiler == null) {
      throw new Failure("training needs the Java compiler, which this Java runtime lacks ("
          + System.getProperty("java.home") + "); run modelc with a JDK 17 or later rather than a JRE");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, ByteArrayOutputStream> classes = new HashMap<>();
    StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
    try (ClassesInMemory manager = new ClassesInMemory(standard, classes)) {
      standard.setLocation(StandardLocation.CLASS_PATH, List.of(runtimeLocation()));
      // -proc:none: generated classes carry no annotations to process, and a processor found on
      // the class path must not run.
      boolean ok = compiler.getTask(null, manager, diagnostics, List.of("-proc:none"), null,
          List.of(file.toJavaFileObject())).call();
      if (!ok) {
        throw new Failure("the generated class does not compile, which is a bug in modelc; please report it"
            + " with the model file:\n" + firstError(diagnostics));
      }
    } catch (IOException e) {
      throw new Failure("cannot compile the generated class: " + e.getMessage());
    }
    String name = file.packageName().isEmpty() ? file.typeSpec().name()
        : file.packageName() + "." + file.typeSpec().name();
    try {
      return Class.forName(name, true, new Loader(classes, InMemoryJavac.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      throw new Failure("cannot load the generated class " + name + ": " + e);
    }
  }

  /** The jar or folder that holds the runtime classes: the shaded modelc.jar, or the runtime's build output. */
  private static File runtimeLocation() throws Failure {
    CodeSource source = Dataset.class.getProtectionDomain().getCodeSource();
    try {
      URI uri = source == null ? null : source.getLocation().toURI();
      if (uri == null) {
        throw new Failure("cannot find the modelc runtime classes to compile the model against");
      }
      return Path.of(uri).toFile();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new Failure("cannot find the modelc runtime classes to compile the model against: " + e.getMessage());
    }
  }

  private static String firstError(DiagnosticCollector<JavaFileObject> diagnostics) {
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        return "line " + d.getLineNumber() + ": " + d.getMessage(null);
      }
    }
    return "(javac gave no message)";
  }

  /** A file manager that keeps every class file javac writes in {@code classes}, by binary name. */
  private static final class ClassesInMemory extends ForwardingJavaFileManager<StandardJavaFileManager> {
    private final Map<String, ByteArrayOutputStream> classes;

    ClassesInMemory(StandardJavaFileManager standard, Map<String, ByteArrayOutputStream> classes) {
      super(standard);
      this.classes = classes;
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
        FileObject sibling) {
      URI uri = URI.create("mem:///" + className.replace('.', '/') + kind.extension);
      return new SimpleJavaFileObject(uri, kind) {
        @Override
        public OutputStream openOutputStream() {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          classes.put(className, bytes);
          return bytes;
        }
      };
    }
  }

  /** Defines the compiled classes; everything else, the runtime included, comes from the parent. */
  private static final class Loader extends ClassLoader {
    private final Map<String, ByteArrayOutputStream> classes;

    Loader(Map<String, ByteArrayOutputStream> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      ByteArrayOutputStream bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      byte[] b = bytes.toByteArray();
      return defineClass(name, b, 0, b.length);
    }
  }
}
