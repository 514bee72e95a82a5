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
// The second build changed nothing
assert log.contains('ferry: 3 schemas up to date, nothing to generate')
// Sending a PaymentEvent to the orders topic is a compile error, not a runtime surprise
assert log.contains('Wrong.java:[8,17] incompatible types: it.bind.shop.PaymentEvent cannot be converted to it.bind.shop.OrderEvent')
assert log.contains('BUILD FAILURE')
return true
