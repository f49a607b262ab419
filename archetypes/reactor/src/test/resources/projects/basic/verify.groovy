// After `mvn verify` of the generated module: the conformance kit ran and passed in full, and the
// bundle carries the Reactor DS service with the SPI's service properties and its metatype.
import java.util.zip.ZipFile

// the archetype plugin passes the generated project's directory in the script's context
File module = context.projectDir as File

File report = new File(module, 'target/surefire-reports/TEST-org.dinfra.reactor.archetypeit.internal.ArchetypeItReactorConformanceTest.xml')
assert report.isFile() : "no conformance test report: $report"
def suite = new groovy.xml.XmlSlurper().parse(report)
assert suite.@tests.toInteger() >= 8 : "the conformance kit ran ${suite.@tests} tests"
assert suite.@failures.toInteger() == 0 && suite.@errors.toInteger() == 0 && suite.@skipped.toInteger() == 0

File jar = new File(module, 'target/dinfra-reactor-archetype-it-0.1.0-SNAPSHOT.jar')
new ZipFile(jar).withCloseable { zip ->
	def component = zip.getEntry('OSGI-INF/org.dinfra.reactor.archetypeit.internal.ArchetypeItReactor.xml')
	assert component != null : "no DS component in $jar"
	String xml = zip.getInputStream(component).text
	assert xml.contains('configuration-pid="org.dinfra.reactor.archetypeit"')
	assert xml.contains('<property name="dinfra.type" type="String" value="archetype-it"/>')
	assert xml.contains('<property name="dinfra.type.version" type="Integer" value="1"/>')
	assert xml.contains('<provide interface="org.dinfra.core.api.Reactor"/>')
	assert zip.getEntry('OSGI-INF/metatype/org.dinfra.reactor.archetypeit.internal.ArchetypeItReactorConfig.xml') != null
	assert zip.getEntry('schema/archetype-it.schema.json') != null
	assert !zip.getInputStream(zip.getEntry('META-INF/MANIFEST.MF')).text.contains('Export-Package') : 'a reactor exports nothing'
}
assert new File(module, 'src/main/cfg/org.dinfra.reactor.archetypeit.cfg').text.contains('stateDir =')
return true
