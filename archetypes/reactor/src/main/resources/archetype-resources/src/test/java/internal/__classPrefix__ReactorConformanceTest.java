package ${package}.internal;

import org.dinfra.reactor.conformance.ReactorConformanceTest;
import org.dinfra.reactor.conformance.ReactorFixture;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/** {@link ${classPrefix}Reactor} keeps the contract of every reactor: the conformance kit. */
public class ${classPrefix}ReactorConformanceTest extends ReactorConformanceTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Override
	protected ReactorFixture createFixture() throws Exception {
		var state = tmp.newFolder("state").toPath();
		// a restart is a new instance over the same state, as after an agent restart
		return ReactorFixture.restartable(${classPrefix}Reactor.TYPE, () -> new ${classPrefix}Reactor(state),
				n -> "{\"name\": \"deployment-" + n + "\"}", "{\"name\": \"Not A Name\", \"colour\": \"red\"}");
	}
}
