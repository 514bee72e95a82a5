import static com.github.tomakehurst.wiremock.client.WireMock.*

def server = context.get('wiremock')
try {
  def out = new File(basedir, 'target/schemas')
  assert new File(out, 'orders-value.avsc').getText('UTF-8') == context.get('order')
  assert new File(out, 'orders-key.avsc').getText('UTF-8') == '"string"'
  assert new File(out, 'shipments-value.proto').getText('UTF-8') == context.get('shipment')
  assert out.list().sort() == ['orders-key.avsc', 'orders-value.avsc', 'shipments-value.proto']
  def log = new File(basedir, 'build.log').text
  assert log.contains('ferry: shipments-value version 1 (schema id 6) -> ' + new File(out, 'shipments-value.proto').canonicalPath)
  server.verify(0, getRequestedFor(urlEqualTo('/subjects/payments-value/versions/latest')))
  assert server.findAllUnmatchedRequests().isEmpty()
} finally {
  server.stop()
}
return true
