def log = new File(basedir, 'build.log').text
def generated = new File(basedir, 'target/generated-sources/ferry')
assert new File(generated, 'it/bind/shop/OrdersTopic.java').isFile()
assert new File(generated, 'it/bind/proto/ShipmentsTopic.java').isFile()
assert new File(generated, 'it/bind/topics/PaymentsTopic.java').isFile()
assert log.contains('ferry: generated 3 of 3 schemas (3 changed, 0 dependent, 0 deleted) and 3 topic bindings')
// The binding compiled and ran: the key is the value's orderId field, the subject TopicNameStrategy's
assert log.contains('ferry-it: orders key=o-1 subject=orders-value')
assert log.contains('ferry-it: shipments key=s-3 topic=shipments')
assert log.contains('ferry-it: payments round trip p-2 99 id=1')
// specific.avro.reader=true alone, no org.apache.avro.SERIALIZABLE_PACKAGES: the generated class is read...
assert log.contains('ferry-it: generic record read as it.bind.shop.OrderEvent o-9 700')
// ...because the build listed the classes it generated beside them...
assert new File(basedir, 'target/classes/META-INF/ferry/avro-classes').text == 'it.bind.shop.OrderEvent\nit.bind.shop.PaymentEvent\n'
// ...and a class it did not generate is still refused by Avro's check, by name, with the ways to trust it
assert !log.contains('ferry-it: hand-written class was instantiated')
assert log.contains('Avro refuses to load the reader class it.bind.HandWritten')
assert log.contains('specific.avro.value.type does not name it; trust its package with the system property org.apache.avro.SERIALIZABLE_PACKAGES')
// The second build changed nothing
assert log.contains('ferry: 3 schemas up to date, nothing to generate')
// Sending a PaymentEvent to the orders topic is a compile error, not a runtime surprise
assert log.contains('Wrong.java:[8,17] incompatible types: it.bind.shop.PaymentEvent cannot be converted to it.bind.shop.OrderEvent')
assert log.contains('BUILD FAILURE')
return true
