package dev.modelc.compiler;

import static dev.modelc.compiler.Timings.Phase.CHECK;
import static dev.modelc.compiler.Timings.Phase.DIFFERENTIATE;
import static dev.modelc.compiler.Timings.Phase.GENERATE;
import static dev.modelc.compiler.Timings.Phase.OPTIMIZE;
import static dev.modelc.compiler.Timings.Phase.PARSE;
import static dev.modelc.compiler.Timings.Phase.PLAN;

import com.palantir.javapoet.JavaFile;
import dev.modelc.compiler.ast.CompilationUnit;
import dev.modelc.compiler.autodiff.ReverseMode;
import dev.modelc.compiler.check.Checker;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.emit.ModelClassGenerator;
import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.ir.Dot;
import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.compiler.ir.Printer;
import dev.modelc.compiler.lower.Plan;
import dev.modelc.compiler.lower.PlanPrinter;
import dev.modelc.compiler.lower.Planner;
import dev.modelc.compiler.opt.Passes;
import dev.modelc.compiler.syntax.Parse;
import java.util.ArrayList;
import java.util.List;

/** The modelc pipeline: parse, check, differentiate, optimize, plan, emit. */
public final class Compiler {
  private Compiler() {}

  /** A stage whose result can be printed instead of generating files. */
  public enum Stage {
    IR,
    GRAD,
    /** The optimized graph, forward and backward, in Graphviz's DOT language. */
    DOT,
    /** The memory plan: every buffer, its size and lifetime, and the bytes a batch needs. */
    PLAN,
    JAVA
  }

  /**
   * @param packageOverride the package to generate into instead of the file's, or null
   * @param dump the stage to print, or null to produce Java files
   */
  public record Options(String packageOverride, Precision precision, Stage dump) {
    public static Options defaults() {
      return new Options(null, Precision.FLOAT, null);
    }
  }

  /** What a run produced: the Java files, and the text of the stage to print (empty when none). */
  public record Result(List<JavaFile> files, String dump) {}

  /**
   * The front end alone: parses and checks a file. Checking waits for a clean parse, so that
   * statements that did not parse cause no second wave of errors.
   */
  public static List<ModelIr> check(SourceFile source, String packageOverride, Diagnostics diagnostics) {
    int before = diagnostics.errorCount();
    CompilationUnit unit = Parse.parse(source, diagnostics);
    if (diagnostics.errorCount() > before) {
      return List.of();
    }
    return Checker.check(unit, diagnostics, packageOverride);
  }

  /** Compiles one file; problems go to {@code diagnostics}, and no files result when any is an error. */
  public static Result compile(SourceFile source, Options options, Diagnostics diagnostics) {
    return compile(source, options, diagnostics, new Timings());
  }

  /** Compiles one file as the method above does, and adds each stage's time to {@code timings}. */
  public static Result compile(SourceFile source, Options options, Diagnostics diagnostics, Timings timings) {
    // Errors of files compiled before into the same diagnostics do not stop this one.
    int before = diagnostics.errorCount();
    CompilationUnit unit = timings.time(PARSE, () -> Parse.parse(source, diagnostics));
    if (diagnostics.errorCount() > before) {
      return empty();
    }
    List<ModelIr> models = timings.time(CHECK, () -> Checker.check(unit, diagnostics, options.packageOverride()));
    if (diagnostics.errorCount() > before) {
      return empty();
    }
    StringBuilder dump = new StringBuilder();
    List<JavaFile> files = new ArrayList<>();
    for (ModelIr model : models) {
      if (options.dump() == Stage.IR) {
        dump.append(Printer.graph(model));
        continue;
      }
      ModelIr differentiated = timings.time(DIFFERENTIATE, () -> ReverseMode.run(model));
      ModelIr optimized =
          timings.time(OPTIMIZE, () -> differentiated.withGraph(Passes.optimize(differentiated.graph())));
      if (options.dump() == Stage.GRAD) {
        dump.append(Printer.gradients(optimized, Names.input(unit, model), Names.target(unit, model)));
        continue;
      }
      if (options.dump() == Stage.DOT) {
        dump.append(Dot.graph(optimized, Names.input(unit, model), Names.target(unit, model)));
        continue;
      }
      Plan plan = timings.time(PLAN, () -> Planner.plan(optimized));
      if (options.dump() == Stage.PLAN) {
        dump.append(PlanPrinter.print(plan, options.precision() == Precision.FLOAT ? 4 : 8));
        continue;
      }
      JavaFile file = timings.time(GENERATE, () -> new ModelClassGenerator(plan, options.precision()).generate());
      if (options.dump() == Stage.JAVA) {
        dump.append(file);
      }
      files.add(file);
    }
    return new Result(options.dump() == null ? files : List.of(), dump.toString());
  }

  private static Result empty() {
    return new Result(List.of(), "");
  }
}
