package dev.modelc.maven;

import dev.modelc.compiler.emit.Precision;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import javax.lang.model.SourceVersion;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Compiles the project's {@code .nn} models into Java sources and adds them to the build.
 *
 * <p>Files that have not changed since their classes were generated, by the same compiler with
 * the same options, are skipped; the classes of deleted files are removed. Every diagnostic of
 * every file is reported, and errors fail the build with javac-style {@code file:line:col} lines.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

  /** The folder searched for {@code .nn} files, recursively. */
  @Parameter(property = "modelc.sourceDirectory", defaultValue = "${project.basedir}/src/main/nn")
  private File sourceDirectory;

  /** Where the model classes are written; it is added to the project's compile source roots. */
  @Parameter(property = "modelc.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/modelc")
  private File outputDirectory;

  /** Where the gradient tests are written when {@code generateTests} is on; added to the test source roots. */
  @Parameter(property = "modelc.testOutputDirectory",
      defaultValue = "${project.build.directory}/generated-test-sources/modelc")
  private File testOutputDirectory;

  /** The element type of the generated classes: {@code float} or {@code double}. */
  @Parameter(property = "modelc.precision", defaultValue = "float")
  private String precision;

  /** The package to generate every model into, instead of the package line of its file. */
  @Parameter(property = "modelc.packageName")
  private String packageName;

  /**
   * Also writes a JUnit 5 test per model that checks its gradients against finite differences;
   * the project then needs {@code junit-jupiter} as a test dependency.
   */
  @Parameter(property = "modelc.generateTests", defaultValue = "false")
  private boolean generateTests;

  /** Skips the goal. */
  @Parameter(property = "modelc.skip", defaultValue = "false")
  private boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("modelc: skipped");
      return;
    }
    Generation.Settings settings = settings();
    // Registered on every run, also when nothing is regenerated, or javac would miss the classes.
    project.addCompileSourceRoot(outputDirectory.getPath());
    if (generateTests) {
      project.addTestCompileSourceRoot(testOutputDirectory.getPath());
    }
    Generation.Outcome outcome;
    try {
      outcome = Generation.run(settings);
    } catch (IOException | UncheckedIOException e) {
      throw new MojoExecutionException("modelc: " + e, e);
    }
    for (String warning : outcome.warnings()) {
      getLog().warn(strip(warning));
    }
    if (!outcome.errors().isEmpty()) {
      throw new MojoFailureException(outcome.failure());
    }
    if (outcome.files() == 0 && outcome.removed() == 0) {
      getLog().info("modelc: no .nn files in " + settings.displayName().apply(sourceDirectory.toPath()));
    } else {
      getLog().info(outcome.summary());
    }
  }

  private Generation.Settings settings() throws MojoExecutionException {
    Precision element = switch (precision.toLowerCase(Locale.ROOT)) {
      case "float" -> Precision.FLOAT;
      case "double" -> Precision.DOUBLE;
      default -> throw new MojoExecutionException("modelc: precision must be float or double, not '" + precision + "'");
    };
    String override = packageName == null || packageName.isBlank() ? null : packageName.strip();
    if (override != null && !SourceVersion.isName(override)) {
      throw new MojoExecutionException("modelc: packageName '" + override + "' is not a Java package name");
    }
    return new Generation.Settings(sourceDirectory.toPath(), outputDirectory.toPath(), testOutputDirectory.toPath(),
        generateTests, element, override, CompilerIdentity.current(), displayNames());
  }

  /**
   * Names files as the user sees them: relative to the folder Maven was started in when they lie
   * inside it (as {@code src/main/nn/xor.nn}, or {@code samples/src/main/nn/xor.nn} from a parent),
   * absolute otherwise.
   */
  private Function<Path, String> displayNames() {
    String root = session == null ? null : session.getExecutionRootDirectory();
    Path base = root == null ? null : Path.of(root).toAbsolutePath().normalize();
    return file -> {
      Path absolute = file.toAbsolutePath().normalize();
      return base != null && absolute.startsWith(base) && !absolute.equals(base)
          ? base.relativize(absolute).toString()
          : absolute.toString();
    };
  }

  /** Maven adds its own line break after a message. */
  private static String strip(String rendered) {
    return rendered.endsWith("\n") ? rendered.substring(0, rendered.length() - 1) : rendered;
  }
}
