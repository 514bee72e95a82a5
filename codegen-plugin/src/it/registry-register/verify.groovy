import static com.github.tomakehurst.wiremock.client.WireMock.*

def server = context.get('wiremock')
try {
  def log = new File(basedir, 'build.log').text
  assert log.contains('ferry: money-value version 2 has schema id 5')
  assert log.contains('ferry: shipments-value version 1 has schema id 6')
  assert log.contains('ferry: orders-value version 4 has schema id 7')
  assert log.contains('BUILD SUCCESS')
  assert !log.contains('s3cret-pw') : 'the password must not be logged'
  // The referenced subject was registered before the one referencing it
  def registrations = server.getAllServeEvents().reverse()
      .collect { it.request.url }.findAll { it.contains('/versions?') }
  assert registrations == ['/subjects/money-value/versions?normalize=true',
      '/subjects/shipments-value/versions?normalize=true', '/subjects/orders-value/versions?normalize=true']
  assert server.findAllUnmatchedRequests().isEmpty()
} finally {
  server.stop()
}
return true
