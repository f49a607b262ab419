package org.dinfra.itest.reactor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Deploys a deployment by writing its descriptor to {@code <stateDir>/<id>.json}, through
 * {@code <id>.partial} while {@code deployDelayMs} passes. Every call is appended to
 * {@code <stateDir>/calls.log} ({@code deploy-start}, {@code created}, {@code adopted},
 * {@code teardown}), so tests can count what really happened across agent restarts.
 */
@Component(service = Reactor.class, configurationPid = FileReactor.PID,
		property = {Reactor.TYPE + "=test-file", Reactor.TYPE_VERSION + ":Integer=1"})
@Designate(ocd = FileReactor.Config.class)
public final class FileReactor implements Reactor {
	public static final String PID = "org.dinfra.itest.reactor";

	@ObjectClassDefinition(name = "DINFRA integration test reactor")
	public @interface Config {
		@AttributeDefinition(name = "State directory", description = "Empty: ${karaf.data}/dinfra-itest-reactor")
		String stateDir() default "";

		@AttributeDefinition(name = "Deploy delay (ms)", description = "How long a deploy takes.")
		long deployDelayMs() default 0;
	}

	private final Path dir;
	private final long delayMs;
	private final ConcurrentHashMap<Long, Object> locks = new ConcurrentHashMap<>();
	private final String schema;

	@Activate
	public FileReactor(Config config) throws IOException {
		String data = System.getProperty("karaf.data", "data");
		this.dir = config.stateDir().isBlank() ? Path.of(data, "dinfra-itest-reactor") : Path.of(config.stateDir());
		this.delayMs = config.deployDelayMs();
		Files.createDirectories(dir);
		try (InputStream in = FileReactor.class.getClassLoader()
				.getResourceAsStream(String.format(SCHEMA_RESOURCE, "test-file"))) {
			this.schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Override
	public String schema() {
		return schema;
	}

	@Override
	public List<String> check(DeploymentRequest request) {
		return request.descriptor().contains("\"forbidden\":true") || request.descriptor().contains("\"forbidden\": true")
				? List.of("/forbidden: the provider does not allow forbidden deployments")
				: List.of();
	}

	@Override
	public ReactorStatus deploy(DeploymentRequest request) throws ReactorException {
		long id = request.id();
		synchronized (locks.computeIfAbsent(id, k -> new Object())) {
			try {
				Path done = file(id, ".json");
				if (Files.exists(done)) {
					log("adopted " + id);
					return running(id);
				}
				log("deploy-start " + id);
				Path partial = file(id, ".partial");
				Files.writeString(partial, request.descriptor());
				if (delayMs > 0) {
					Thread.sleep(delayMs);
				}
				Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
				log("created " + id);
				return running(id);
			} catch (IOException e) {
				throw ReactorException.transientFailure(e.toString(), e);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw ReactorException.transientFailure("interrupted", e);
			}
		}
	}

	@Override
	public void teardown(long id) throws ReactorException {
		synchronized (locks.computeIfAbsent(id, k -> new Object())) {
			try {
				boolean existed = Files.deleteIfExists(file(id, ".json")) | Files.deleteIfExists(file(id, ".partial"));
				if (existed) {
					log("teardown " + id);
				}
			} catch (IOException e) {
				throw ReactorException.transientFailure(e.toString(), e);
			}
		}
	}

	@Override
	public Optional<ReactorStatus> status(long id) {
		if (Files.exists(file(id, ".json"))) {
			return Optional.of(running(id));
		}
		if (Files.exists(file(id, ".partial"))) {
			return Optional.of(new ReactorStatus(id, DeploymentState.DEPLOYING, List.of(), "partial"));
		}
		return Optional.empty();
	}

	@Override
	public List<ReactorStatus> inventory() throws ReactorException {
		List<ReactorStatus> all = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
			for (Path f : files) {
				String name = f.getFileName().toString();
				if (name.matches("\\d+\\.(json|partial)")) {
					status(Long.parseUnsignedLong(name.substring(0, name.indexOf('.')))).ifPresent(all::add);
				}
			}
		} catch (IOException e) {
			throw ReactorException.transientFailure(e.toString(), e);
		}
		return all;
	}

	private ReactorStatus running(long id) {
		return ReactorStatus.running(id, List.of(new Endpoint("file", file(id, ".json").toUri().toString())));
	}

	private Path file(long id, String suffix) {
		return dir.resolve(Long.toUnsignedString(id) + suffix);
	}

	private synchronized void log(String line) {
		try {
			Files.writeString(dir.resolve("calls.log"), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
