// The model was generated where the goal puts it, and the test that trains it ran and passed.
def log = new File(basedir, 'build.log').text
assert log.contains('modelc: 1 model compiled, 0 up to date')
assert new File(basedir, 'target/generated-sources/modelc/it/train/Blobs.java').isFile()
def report = new File(basedir, 'target/surefire-reports/it.train.BlobsTrainingTest.txt')
assert report.isFile()
assert report.text.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
