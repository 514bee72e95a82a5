def generated = new File(basedir, 'target/generated-sources/ferry/it/avro/shop')
['OrderEvent.java', 'Money.java', 'Currency.java'].each {
  assert new File(generated, it).isFile() : "missing generated $it"
}
// stringType defaults to String, enableDecimalLogicalType gives BigDecimal
def order = new File(generated, 'OrderEvent.java').text
assert order.contains('private java.lang.String orderId;')
assert new File(generated, 'Money.java').text.contains('java.math.BigDecimal amount')
assert new File(basedir, 'target/classes/it/avro/Main.class').isFile()
assert new File(basedir, 'target/generated-test-sources/ferry/it/avro/test/Probe.java').isFile()
assert new File(basedir, 'target/test-classes/it/avro/test/Probe.class').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('ferry-it: round trip o-1 12.50 EUR')
assert log.contains('ferry: generated 2 of 2 schemas')
return true
