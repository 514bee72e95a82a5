def log = new File(basedir, 'build.log').text
// The artifact's version range resolved to the installed 1.0
assert log.contains('ferry: 3 schemas compatible at FULL with dev.ferry.it:compat-baseline:jar:1.0')
assert log.contains('ferry: 3 schemas compatible at FULL_TRANSITIVE with ' + new File(basedir, 'src/baseline').canonicalPath)
assert log.contains('BUILD SUCCESS')
return true
