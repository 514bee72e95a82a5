def log = new File(basedir, 'build.log').text
['it.idx.shop.Customer [00 00000001 00]',
 'it.idx.shop.Order [00 00000001 02 04]',
 'it.idx.shop.Order.Header [00 00000001 04 04 00]',
 'it.idx.shop.Order.Line [00 00000001 04 04 04]',
 'it.idx.shop.Order.Audit [00 00000001 04 04 06]',
 'it.idx.shop.Order.Audit.Deep [00 00000001 06 04 06 00]',
 'it.idx.shop.Pair.A [00 00000001 04 06 02]',
 'it.idx.shop.Pair.B [00 00000001 04 06 04]'].each {
  assert log.contains("ferry-it: $it read into the generated class and as a DynamicMessage; Ferry writes the same header") : "no line for $it"
}
assert log.contains('ferry-it: all 8 Confluent frames read as their types')
return true
