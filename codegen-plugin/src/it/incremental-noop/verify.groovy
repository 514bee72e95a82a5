def log = new File(basedir, 'build.log').text
assert log.contains('ferry: generated 3 of 3 schemas (3 changed, 0 dependent, 0 deleted)')
assert log.contains('ferry: 3 schemas up to date, nothing to generate')
assert new File(basedir, 'target/generated-sources/ferry/it/avro/shop/OrderEvent.java').isFile()
assert new File(basedir, 'target/generated-sources/ferry/it/proto/shop/Money.java').isFile()
return true
