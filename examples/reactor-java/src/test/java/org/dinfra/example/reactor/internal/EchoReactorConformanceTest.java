package org.dinfra.example.reactor.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.dinfra.core.api.Reactor;
import org.dinfra.reactor.conformance.ReactorConformanceTest;
import org.dinfra.reactor.conformance.ReactorFixture;

/** The example reactor keeps the reactor contract: copy this class with the module. */
public class EchoReactorConformanceTest extends ReactorConformanceTest {
	@Override
	protected ReactorFixture createFixture() throws IOException {
		Path dir = Files.createTempDirectory("echo-reactor");
		return new ReactorFixture() {
			private Reactor reactor = new EchoReactor(config(dir.toString()));

			@Override
			public Reactor reactor() {
				return reactor;
			}

			@Override
			public String type() {
				return EchoReactor.TYPE;
			}

			@Override
			public String validDescriptor(int n) {
				return "{\"message\":\"hello " + n + "\"}";
			}

			@Override
			public String schemaInvalidDescriptor() {
				return "{\"message\":\"\",\"colour\":\"red\"}";
			}

			@Override
			public Reactor restart() throws IOException {
				reactor = new EchoReactor(config(dir.toString()));
				return reactor;
			}

			@Override
			public int countOnInfrastructure(long id) {
				return Files.exists(dir.resolve(Long.toUnsignedString(id) + ".json")) ? 1 : 0;
			}

			@Override
			public void close() throws IOException {
				try (Stream<Path> files = Files.walk(dir)) {
					files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
				}
			}
		};
	}

	static EchoReactorConfig config(String stateDir) {
		return new EchoReactorConfig() {
			@Override
			public Class<? extends Annotation> annotationType() {
				return EchoReactorConfig.class;
			}

			@Override
			public String stateDir() {
				return stateDir;
			}

			@Override
			public String forbiddenWord() {
				return "forbidden";
			}
		};
	}
}
