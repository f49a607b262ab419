package org.dinfra.itest.reactor.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.dinfra.core.api.Reactor;
import org.dinfra.reactor.conformance.ReactorConformanceTest;
import org.dinfra.reactor.conformance.ReactorFixture;

/** The test reactor (type {@code test-file}) keeps the reactor contract. */
public class FileReactorConformanceTest extends ReactorConformanceTest {
	@Override
	protected ReactorFixture createFixture() throws IOException {
		return new Fixture(Files.createTempDirectory("file-reactor-conformance"));
	}

	/** Deploys slowly enough (200 ms) for the kit to observe DEPLOYING. */
	private static final class Fixture implements ReactorFixture {
		private final Path dir;
		private Reactor reactor;

		Fixture(Path dir) throws IOException {
			this.dir = dir;
			this.reactor = new FileReactor(config(dir));
		}

		@Override
		public Reactor reactor() {
			return reactor;
		}

		@Override
		public String type() {
			return "test-file";
		}

		@Override
		public String validDescriptor(int n) {
			return "{\"message\":\"hello " + n + "\",\"replicas\":" + (n % 3 + 1) + "}";
		}

		@Override
		public String schemaInvalidDescriptor() {
			return "{\"message\":\"\",\"replicas\":7,\"extra\":true}";
		}

		@Override
		public Reactor restart() throws IOException {
			reactor = new FileReactor(config(dir));
			return reactor;
		}

		/** The reactor's deployments are files: count them directly. */
		@Override
		public int countOnInfrastructure(long id) throws IOException {
			try (Stream<Path> files = Files.list(dir)) {
				return (int) files.filter(f -> f.getFileName().toString().startsWith(Long.toUnsignedString(id) + ".")).count();
			}
		}

		@Override
		public Duration timeout() {
			return Duration.ofSeconds(10);
		}

		@Override
		public void close() throws IOException {
			try (Stream<Path> files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
			}
		}

		private static FileReactor.Config config(Path dir) {
			return new FileReactor.Config() {
				@Override
				public Class<? extends Annotation> annotationType() {
					return FileReactor.Config.class;
				}

				@Override
				public String stateDir() {
					return dir.toString();
				}

				@Override
				public long deployDelayMs() {
					return 200;
				}
			};
		}
	}
}
