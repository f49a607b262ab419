package org.dinfra.reactor.dockercompose.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.dinfra.core.api.Reactor;
import org.dinfra.reactor.conformance.ReactorConformanceTest;
import org.dinfra.reactor.conformance.ReactorFixture;

/**
 * The Docker Compose reactor keeps the reactor contract (conformance kit, conformance/), against
 * the real Docker engine that DOCKER_HOST names (scripts/test.sh starts one). Each fixture has its
 * own provider id; a restart is a new reactor over the same engine and data directory, and the
 * kit counts containers by their labels, without the reactor.
 */
public class DockerComposeReactorConformanceTest extends ReactorConformanceTest {
	@Override
	protected ReactorFixture createFixture() throws Exception {
		Engine.require();
		String provider = "conf-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
		Path data = Files.createTempDirectory("compose-conformance");
		Map<Integer, String> descriptors = new HashMap<>();
		return new ReactorFixture() {
			private DockerComposeReactor reactor = newReactor();

			private DockerComposeReactor newReactor() throws java.io.IOException {
				return new DockerComposeReactor(Configs.config(Map.of("providerId", provider, "dataDir", data.toString(),
						"allowedImagePrefixes", "docker.io/library/, dinfra/", "readyTimeoutSeconds", 60,
						"stopTimeoutSeconds", 1)));
			}

			@Override
			public Reactor reactor() {
				return reactor;
			}

			@Override
			public String type() {
				return ComposeSchema.TYPE;
			}

			/** One published port per n, fixed for the fixture, so equal n give equal descriptors. */
			@Override
			public synchronized String validDescriptor(int n) {
				return descriptors.computeIfAbsent(n, k -> Descriptors.web(Engine.freePublishPort(), ""));
			}

			@Override
			public String schemaInvalidDescriptor() {
				return "{\"services\": 5, \"colour\": \"red\"}";
			}

			@Override
			public Reactor restart() throws Exception {
				reactor.deactivate();
				reactor = newReactor();
				return reactor;
			}

			/** Containers labelled with this provider and deployment id, counted with the docker CLI. */
			@Override
			public int countOnInfrastructure(long id) {
				return Engine.lines("ps", "-a", "-q", "--filter", "label=org.dinfra.provider=" + provider, "--filter",
						"label=org.dinfra.subscription=" + id).size();
			}

			@Override
			public Duration timeout() {
				return Duration.ofSeconds(90);
			}

			@Override
			public void close() throws Exception {
				reactor.deactivate();
				try (Stream<Path> files = Files.walk(data)) {
					files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
				}
			}
		};
	}
}
