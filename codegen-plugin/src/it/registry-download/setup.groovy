import static com.github.tomakehurst.wiremock.client.WireMock.*
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig

import com.github.tomakehurst.wiremock.WireMockServer
import groovy.json.JsonOutput

def ct = 'application/vnd.schemaregistry.v1+json'
def server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress('127.0.0.1'))
server.start()
context.put('wiremock', server)

def order = '{"type":"record","name":"OrderEvent","namespace":"it.registry","fields":[{"name":"orderId","type":"string"}]}'
def shipment = 'syntax = "proto3";\npackage it.registry;\n\nimport "shop/money.proto";\n\nmessage Shipment {\n  string shipment_id = 1;\n  .it.registry.Money fee = 2;\n}\n'
server.stubFor(get(urlEqualTo('/subjects'))
    .willReturn(okForContentType(ct, '["money-value","orders-value","orders-key","payments-value","shipments-value"]')))
server.stubFor(get(urlEqualTo('/subjects/orders-value/versions/latest'))
    .willReturn(okForContentType(ct, JsonOutput.toJson([subject: 'orders-value', version: 4, id: 7, schema: order]))))
server.stubFor(get(urlEqualTo('/subjects/orders-key/versions/latest'))
    .willReturn(okForContentType(ct, JsonOutput.toJson([subject: 'orders-key', version: 1, id: 2, schema: '"string"']))))
server.stubFor(get(urlEqualTo('/subjects/shipments-value/versions/latest'))
    .willReturn(okForContentType(ct, JsonOutput.toJson([subject: 'shipments-value', version: 1, id: 6,
        schemaType: 'PROTOBUF', schema: shipment,
        references: [[name: 'shop/money.proto', subject: 'money-value', version: 2]]]))))
context.put('order', order)
context.put('shipment', shipment)

def pom = new File(basedir, 'pom.xml')
pom.text = pom.text.replace('REGISTRY_URL', server.baseUrl())
return true
