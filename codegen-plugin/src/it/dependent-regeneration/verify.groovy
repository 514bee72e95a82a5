def out = new File(basedir, 'target/generated-sources/ferry/it/dep')
def log = new File(basedir, 'build.log').text
assert log.contains('ferry: generated 5 of 5 schemas (5 changed, 0 dependent, 0 deleted)')
// money.avsc changed; line.avsc uses it, order.avsc uses line.avsc; note.avsc was deleted
assert log.contains('ferry: generated 3 of 4 schemas (1 changed, 2 dependent, 1 deleted)')
assert new File(out, 'Money.java').text.contains('currencyCode')
// The dependents embed the new Money in their own schema
assert new File(out, 'Line.java').text.contains('currencyCode')
assert new File(out, 'Order.java').text.contains('currencyCode')
assert !new File(out, 'Customer.java').text.contains('currencyCode')
assert !new File(out, 'Note.java').exists() : 'outputs of the deleted schema must be removed'
return true
