package org.dinfra.example.reactor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Type {@code example-echo}: a deployment is the file {@code <stateDir>/<id>.json} holding its
 * descriptor; its endpoint is a {@code data:} URI that echoes the descriptor's message. The
 * state lives on the "infrastructure" (the directory), never only in memory, so a restarted
 * agent finds every deployment in {@link #inventory()}.
 */
@Component(service = Reactor.class, configurationPid = EchoReactor.PID,
		property = {Reactor.TYPE + "=" + EchoReactor.TYPE, Reactor.TYPE_VERSION + ":Integer=1"})
@Designate(ocd = EchoReactorConfig.class)
public final class EchoReactor implements Reactor {
	/** The configuration PID, the .cfg file name. */
	public static final String PID = "org.dinfra.example.reactor";
	/** The descriptor type served. */
	public static final String TYPE = "example-echo";
	private static final Logger LOG = LoggerFactory.getLogger(EchoReactor.class);
	private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final Path dir;
	private final String forbiddenWord;
	private final String schema;
	/** One lock per id: concurrent deploys of one id create one deployment. */
	private final ConcurrentHashMap<Long, Object> locks = new ConcurrentHashMap<>();

	@Activate
	public EchoReactor(EchoReactorConfig config) throws IOException {
		this.dir = config.stateDir().isBlank()
				? Path.of(System.getProperty("karaf.data", "data"), "dinfra-example-reactor")
				: Path.of(config.stateDir());
		this.forbiddenWord = config.forbiddenWord();
		Files.createDirectories(dir);
		try (InputStream in = EchoReactor.class.getClassLoader().getResourceAsStream(String.format(SCHEMA_RESOURCE, TYPE))) {
			this.schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Override
	public String schema() {
		return schema;
	}

	@Override
	public List<String> check(DeploymentRequest request) {
		return !forbiddenWord.isEmpty() && message(request.descriptor()).contains(forbiddenWord)
				? List.of("/message: the provider does not allow the word '" + forbiddenWord + "'")
				: List.of();
	}

	@Override
	public ReactorStatus deploy(DeploymentRequest request) throws ReactorException {
		long id = request.id();
		synchronized (locks.computeIfAbsent(id, k -> new Object())) {
			Path file = file(id);
			try {
				if (!Files.exists(file)) {
					Path tmp = dir.resolve(Long.toUnsignedString(id) + ".tmp");
					Files.writeString(tmp, request.descriptor());
					Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
					LOG.info("deployed {}", Long.toUnsignedString(id));
				}
				return running(id, Files.readString(file));
			} catch (IOException e) {
				throw ReactorException.transientFailure("cannot write " + file + ": " + e, e);
			}
		}
	}

	@Override
	public void teardown(long id) throws ReactorException {
		synchronized (locks.computeIfAbsent(id, k -> new Object())) {
			try {
				if (Files.deleteIfExists(file(id))) {
					LOG.info("tore down {}", Long.toUnsignedString(id));
				}
			} catch (IOException e) {
				throw ReactorException.transientFailure("cannot delete " + file(id) + ": " + e, e);
			}
		}
	}

	@Override
	public Optional<ReactorStatus> status(long id) throws ReactorException {
		try {
			return Optional.of(running(id, Files.readString(file(id))));
		} catch (java.nio.file.NoSuchFileException e) {
			return Optional.empty();
		} catch (IOException e) {
			throw ReactorException.transientFailure("cannot read " + file(id) + ": " + e, e);
		}
	}

	@Override
	public List<ReactorStatus> inventory() throws ReactorException {
		List<ReactorStatus> all = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
			for (Path f : files) {
				String name = f.getFileName().toString();
				if (name.matches("\\d+\\.json")) {
					status(Long.parseUnsignedLong(name.substring(0, name.length() - 5))).ifPresent(all::add);
				}
			}
		} catch (IOException e) {
			throw ReactorException.transientFailure("cannot list " + dir + ": " + e, e);
		}
		return all;
	}

	private static ReactorStatus running(long id, String descriptor) {
		String uri = "data:text/plain," + URLEncoder.encode(message(descriptor), StandardCharsets.UTF_8).replace("+", "%20");
		return ReactorStatus.running(id, List.of(new Endpoint("echo", uri)));
	}

	/** The message of a schema-valid descriptor (a JSON string, kept as written). */
	private static String message(String descriptor) {
		Matcher m = MESSAGE.matcher(descriptor);
		return m.find() ? m.group(1) : "";
	}

	private Path file(long id) {
		return dir.resolve(Long.toUnsignedString(id) + ".json");
	}
}
