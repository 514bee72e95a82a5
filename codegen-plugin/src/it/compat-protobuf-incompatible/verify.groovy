def log = new File(basedir, 'build.log').text
def file = new File(basedir, 'src/main/proto/shop/shipment.proto').canonicalPath
assert log.contains("[ERROR] ${file}: it.compat.Shipment.weight_grams (field 2): type changed from int64 to string (the new schema cannot read data written with the previous schema)")
assert log.contains('1 breaking change at BACKWARD against dev.ferry.it:compat-baseline:jar:1.0')
assert log =~ /\[WARNING\] ferry: \S+order\.avsc of dev\.ferry\.it:compat-baseline:jar:1\.0 has no counterpart in the project/
assert log.contains('BUILD FAILURE')
return true
