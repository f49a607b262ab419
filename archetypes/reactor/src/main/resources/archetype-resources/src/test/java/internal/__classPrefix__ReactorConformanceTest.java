package ${package}.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.dinfra.core.api.Reactor;
import org.dinfra.reactor.conformance.ReactorConformanceTest;
import org.dinfra.reactor.conformance.ReactorFixture;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/** {@link ${classPrefix}Reactor} keeps the contract of every reactor: the conformance kit. */
public class ${classPrefix}ReactorConformanceTest extends ReactorConformanceTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Override
	protected ReactorFixture createFixture() throws IOException {
		Path state = tmp.newFolder("state").toPath();
		return new ReactorFixture() {
			private Reactor reactor = new ${classPrefix}Reactor(state);

			@Override
			public Reactor reactor() {
				return reactor;
			}

			@Override
			public String type() {
				return ${classPrefix}Reactor.TYPE;
			}

			@Override
			public String validDescriptor(int n) {
				return "{\"name\": \"deployment-" + n + "\"}";
			}

			@Override
			public String schemaInvalidDescriptor() {
				return "{\"name\": \"Not A Name\", \"colour\": \"red\"}";
			}

			/** A new reactor over the same state, as after an agent restart. */
			@Override
			public Reactor restart() throws IOException {
				reactor = new ${classPrefix}Reactor(state);
				return reactor;
			}

			@Override
			public void close() {
				// JUnit deletes the state directory
			}
		};
	}
}
