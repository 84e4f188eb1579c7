// The first build compiled the model; the second found it up to date and left the generated class
// alone, so its modification time is the same in both builds.
def log = new File(basedir, 'build.log').text
assert log.contains('modelc: 1 model compiled, 0 up to date')
assert log.contains('modelc: 0 models compiled, 1 up to date')
def times = new File(basedir, 'target/generated-times.txt').readLines()
assert times.size() == 2
assert times[0] == times[1]
