def generated = new File(basedir, 'target/generated-sources/ferry/it/proto/shop')
['OrderEvent.java', 'Money.java', 'Order.java', 'MoneyOuterClass.java'].each {
  assert new File(generated, it).isFile() : "missing generated $it"
}
// protoc came from the repository as an artifact, not from the PATH
def itRepo = localRepositoryPath as File
def protocDir = new File(itRepo, 'com/google/protobuf/protoc/4.36.2')
assert protocDir.listFiles().any { it.name.startsWith('protoc-4.36.2-') && it.name.endsWith('.exe') }
def copied = new File(basedir, 'target/ferry/generate/protoc').listFiles()
assert copied.size() == 1 && copied[0].canExecute()
assert new File(basedir, 'target/generated-test-sources/ferry/it/proto/probe/Probe.java').isFile()
assert new File(basedir, 'target/test-classes/it/proto/ProbeUse.class').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('ferry-it: round trip o-2 7 1700000000')
assert log.contains('ferry: generated 2 of 2 schemas')
return true
