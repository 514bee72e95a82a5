def log = new File(basedir, 'build.log').text
def generated = new File(basedir, 'target/generated-sources/ferry/com/acme/edition')
// Edition 2024 puts each message in its own file by default (and names the file class LookupProto)
['Product.java', 'Status.java', 'Region.java', 'rpc/Lookup.java', 'rpc/LookupProto.java'].each {
  assert new File(generated, it).isFile() : "missing generated $it"
}
assert log.contains('ferry: generated 2 of 2 schemas')
// The serializer registered the editions text, features included
assert log.contains('ferry-it: registered edition = "2023"; implicit=true expanded=true')
assert log.contains('ferry-it: typed round trip equal=true')
// Read back without the class, from the registered text: the same bytes and the same feature semantics as protoc's
assert log.contains('ferry-it: dynamic read acme.edition.Product bytes equal=true price_cents presence=false '
    + 'legacy_codes packed=false sizes packed=true region closed=true status closed=false')
assert log.contains('ferry-it: generated price_cents presence=false legacy_codes packed=false region closed=true status closed=false')
assert log.contains('ferry-it: edition 2024 round trip equal=true registered edition = "2024";')
return true
