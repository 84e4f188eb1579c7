// Every model got a gradient test, and every one ran and passed: float models check their
// double-precision twin by finite differences and agree with it (two tests), double models are
// checked directly (one test).
def log = new File(basedir, 'build.log').text
assert log.contains('modelc: 2 models compiled, 0 up to date')
assert log.contains('modelc: 1 model compiled, 0 up to date')
def expect = [
  'it.grads.ClassifierGradientTest': 2,
  'it.grads.RegressorGradientTest': 2,
  'it.grads.wide.NormedGradientTest': 1,
]
expect.each { name, tests ->
  def report = new File(basedir, "target/surefire-reports/${name}.txt")
  assert report.isFile() : "no report of ${name}"
  assert report.text.contains("Tests run: ${tests}, Failures: 0, Errors: 0, Skipped: 0") : report.text
}
assert new File(basedir, 'target/generated-test-sources/modelc/it/grads/gradcheck/Classifier.java').isFile()
assert !new File(basedir, 'target/generated-test-sources/modelc-double/it/grads/wide/gradcheck').exists()
