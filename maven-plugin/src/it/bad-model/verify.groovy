// The build failed, and Maven's error output shows every error of every file as javac does: the
// location relative to the project, the source line and a caret under the column (Maven puts
// "[ERROR] " before each line, so the caret still lines up). Nothing was generated.
def log = new File(basedir, 'build.log').text
assert log.contains('src/main/nn/shapes.nn:6:11: error: cannot multiply [2, 3] by [4]: inner dimensions 3 and 4 differ')
assert log.contains("src/main/nn/more/names.nn:6:17: error: cannot find 'z'")
assert log =~ /(?m)^(\[ERROR\] )?  out = W @ x;\r?\n(\[ERROR\] )?          \^$/
assert log.contains('2 errors')
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/generated-sources/modelc/Shapes.java').exists()
