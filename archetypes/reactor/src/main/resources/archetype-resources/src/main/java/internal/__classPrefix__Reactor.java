package ${package}.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Serves descriptor type {@code ${reactorType}}; a deployment is the file {@code <stateDir>/<id>.json}.
 * Replace the file operations with your infrastructure's and keep the state there (labels, tags),
 * never only in memory, so that a restarted agent adopts what runs instead of starting it twice.
 */
@Component(service = Reactor.class, configurationPid = ${classPrefix}Reactor.PID,
		property = {Reactor.TYPE + "=" + ${classPrefix}Reactor.TYPE, Reactor.TYPE_VERSION + ":Integer=1"})
@Designate(ocd = ${classPrefix}ReactorConfig.class)
public final class ${classPrefix}Reactor implements Reactor {
	/** The configuration PID, the .cfg file name. */
	public static final String PID = "${package}";
	/** The descriptor type served. */
	public static final String TYPE = "${reactorType}";

	private final Path dir;
	private final String schema;

	@Activate
	public ${classPrefix}Reactor(${classPrefix}ReactorConfig config) throws IOException {
		this(config.stateDir().isBlank() ? Path.of(System.getProperty("karaf.data", "data"), "dinfra", TYPE)
				: Path.of(config.stateDir()));
	}

	/** @param dir where deployments are kept, created when missing */
	${classPrefix}Reactor(Path dir) throws IOException {
		this.dir = Files.createDirectories(dir);
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(String.format(SCHEMA_RESOURCE, TYPE))) {
			schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Override
	public String schema() {
		return schema;
	}

	@Override
	public ReactorStatus deploy(DeploymentRequest request) throws ReactorException {
		// CREATE_NEW: of concurrent deploys of one id, one creates the deployment and the others
		// find it. Where the infrastructure has no such atomic create, hold a lock per id (KeyedLocks).
		try {
			Files.writeString(file(request.id()), request.descriptor(), StandardOpenOption.CREATE_NEW);
		} catch (FileAlreadyExistsException e) {
			// deployed before: deploy is idempotent by id
		} catch (IOException e) {
			throw ReactorException.transientFailure("cannot write " + file(request.id()) + ": " + e.getMessage(), e);
		}
		return running(request.id());
	}

	@Override
	public void teardown(long id) throws ReactorException {
		try {
			Files.deleteIfExists(file(id));
		} catch (IOException e) {
			throw ReactorException.transientFailure("cannot delete " + file(id) + ": " + e.getMessage(), e);
		}
	}

	@Override
	public Optional<ReactorStatus> status(long id) {
		return Files.exists(file(id)) ? Optional.of(running(id)) : Optional.empty();
	}

	@Override
	public List<ReactorStatus> inventory() throws ReactorException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(f -> f.getFileName().toString()).filter(name -> name.matches("[0-9]+\\.json"))
					.map(name -> running(Long.parseUnsignedLong(name.substring(0, name.length() - ".json".length())))).toList();
		} catch (IOException e) {
			throw ReactorException.transientFailure("cannot list " + dir + ": " + e.getMessage(), e);
		}
	}

	/** Running, and reachable nowhere yet: list where consumers reach it, e.g. {@code new Endpoint("http", url)}. */
	private static ReactorStatus running(long id) {
		return ReactorStatus.running(id, List.of());
	}

	private Path file(long id) {
		return dir.resolve(Long.toUnsignedString(id) + ".json");
	}
}
