package org.dinfra.source.directory.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.AssignmentSource;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.StatusReporter;
import org.dinfra.source.directory.internal.AssignmentFile.InvalidAssignmentException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Assignments from a watched directory, for a provider running the agent privately, without a
 * chain: one file {@code <id>.json} per deployment; adding a file assigns it, removing it tears
 * it down. What became of each deployment is written to {@code <status directory>/<id>.json}.
 *
 * <p>A file that cannot be read or is invalid is reported in its status file and in the log and
 * changes nothing: a deployment already running from an earlier, valid version keeps running.
 */
@Component(service = {AssignmentSource.class, StatusReporter.class}, configurationPid = DirectorySource.PID)
@Designate(ocd = DirectorySource.Config.class)
public final class DirectorySource implements AssignmentSource, StatusReporter {
	/** Configuration PID, the name of its .cfg file. */
	public static final String PID = "org.dinfra.source.directory";
	private static final Logger LOG = LoggerFactory.getLogger(DirectorySource.class);
	private static final ObjectMapper JSON = new ObjectMapper();

	@ObjectClassDefinition(name = "DINFRA directory assignment source",
			description = "Deployments from assignment files in a watched directory, without a chain.")
	public @interface Config {
		@AttributeDefinition(name = "Assignment directory",
				description = "One <id>.json file per deployment. Empty: ${karaf.data}/dinfra/assignments.")
		String directory() default "";

		@AttributeDefinition(name = "Status directory",
				description = "Where <id>.json status files are written. Empty: ${karaf.data}/dinfra/status.")
		String statusDirectory() default "";

		@AttributeDefinition(name = "Scan interval (ms)", description = "How often the directory is scanned.")
		long scanIntervalMs() default 1000;
	}

	private record Seen(long modified, long size) {
	}

	private final Path directory;
	private final Path statusDirectory;
	private final long scanIntervalMs;

	@Activate
	public DirectorySource(Config config) {
		this(dataPath(config.directory(), "assignments"), dataPath(config.statusDirectory(), "status"),
				config.scanIntervalMs());
	}

	/**
	 * @param directory       the watched directory
	 * @param statusDirectory where status files go
	 * @param scanIntervalMs  how often to scan
	 */
	public DirectorySource(Path directory, Path statusDirectory, long scanIntervalMs) {
		this.directory = directory;
		this.statusDirectory = statusDirectory;
		this.scanIntervalMs = scanIntervalMs;
		LOG.info("Directory assignment source: {} (status in {})", directory, statusDirectory);
	}

	private static Path dataPath(String configured, String name) {
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured.trim());
		}
		String data = System.getProperty("karaf.data");
		return Path.of(data != null ? data : "data", "dinfra", name);
	}

	@Override
	public String name() {
		return "directory:" + directory;
	}

	@Override
	public AutoCloseable watch(AssignmentListener listener) {
		Watch watch = new Watch(listener);
		watch.start();
		return watch;
	}

	/** One listener's view of the directory, scanned on its own thread. */
	private final class Watch implements AutoCloseable {
		private final AssignmentListener listener;
		private final ScheduledExecutorService scanner;
		private final Map<Path, Seen> seen = new HashMap<>();
		private final Map<Path, Assignment> byFile = new HashMap<>();
		private boolean delivered;

		Watch(AssignmentListener listener) {
			this.listener = listener;
			this.scanner = Executors.newSingleThreadScheduledExecutor(r -> {
				Thread t = new Thread(r, "dinfra-directory-source");
				t.setDaemon(true);
				return t;
			});
		}

		void start() {
			scanner.scheduleWithFixedDelay(this::scan, 0, scanIntervalMs, TimeUnit.MILLISECONDS);
		}

		private void scan() {
			try {
				Files.createDirectories(directory);
				Map<Path, Seen> now = new HashMap<>();
				try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
					for (Path file : files) {
						try {
							BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
							if (a.isRegularFile()) {
								now.put(file, new Seen(a.lastModifiedTime().toMillis(), a.size()));
							}
						} catch (NoSuchFileException e) {
							// removed while listing
						}
					}
				}
				for (Map.Entry<Path, Seen> e : now.entrySet()) {
					if (!e.getValue().equals(seen.get(e.getKey()))) {
						load(e.getKey());
					}
				}
				for (Path gone : List.copyOf(seen.keySet())) {
					if (!now.containsKey(gone)) {
						Assignment a = byFile.remove(gone);
						if (a != null && delivered && !assignedElsewhere(a.id())) {
							listener.ended(a.id(), "file " + gone.getFileName() + " removed");
						}
					}
				}
				seen.clear();
				seen.putAll(now);
				if (!delivered) {
					delivered = true;
					listener.snapshot(List.copyOf(byFile.values()));
				}
			} catch (IOException | RuntimeException e) {
				LOG.error("Cannot scan {}: {}", directory, e.toString());
			}
		}

		private boolean assignedElsewhere(long id) {
			return byFile.values().stream().anyMatch(a -> a.id() == id);
		}

		private void load(Path file) {
			Assignment a;
			try {
				a = AssignmentFile.read(file);
			} catch (InvalidAssignmentException e) {
				LOG.error("Ignoring assignment file {}: {}", file, e.getMessage());
				writeInvalid(file, e.problems());
				return;
			} catch (IOException e) {
				LOG.error("Cannot read assignment file {}: {}", file, e.toString());
				return;
			}
			Assignment before = byFile.put(file, a);
			if (delivered && !Objects.equals(before, a)) {
				listener.assigned(a);
			}
		}

		@Override
		public void close() throws InterruptedException {
			scanner.shutdownNow();
			scanner.awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	// ---- StatusReporter -------------------------------------------------------------------------

	@Override
	public void running(long id, List<Endpoint> endpoints) throws IOException {
		ObjectNode status = status(id, "RUNNING");
		ArrayNode list = status.putArray("endpoints");
		endpoints.forEach(e -> list.addObject().put("name", e.name()).put("uri", e.uri()));
		write(id, status);
	}

	@Override
	public void failed(long id, Reason reason) throws IOException {
		ObjectNode status = status(id, "FAILED");
		ObjectNode r = status.putObject("reason");
		r.put("code", reason.code().name());
		r.put("codeNumber", reason.code().code());
		r.put("message", reason.message());
		ArrayNode details = r.putArray("details");
		reason.details().forEach(details::add);
		write(id, status);
	}

	@Override
	public void terminated(long id) throws IOException {
		write(id, status(id, "TERMINATED"));
	}

	private void writeInvalid(Path file, List<String> problems) {
		ObjectNode status = JSON.createObjectNode();
		status.put("file", file.getFileName().toString());
		status.put("state", "INVALID");
		ArrayNode list = status.putArray("problems");
		problems.forEach(list::add);
		status.put("updated", Instant.now().toString());
		try {
			writeFile(statusDirectory.resolve(file.getFileName().toString()), status);
		} catch (IOException e) {
			LOG.warn("Cannot write status of {}: {}", file, e.toString());
		}
	}

	private static ObjectNode status(long id, String state) {
		ObjectNode status = JSON.createObjectNode();
		status.put("id", Long.toUnsignedString(id));
		status.put("state", state);
		status.put("updated", Instant.now().toString());
		return status;
	}

	private void write(long id, ObjectNode status) throws IOException {
		writeFile(statusDirectory.resolve(Long.toUnsignedString(id) + ".json"), status);
	}

	private void writeFile(Path target, ObjectNode status) throws IOException {
		Files.createDirectories(statusDirectory);
		Path tmp = Files.createTempFile(statusDirectory, ".status-", ".tmp");
		try {
			Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(status));
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	@Deactivate
	void deactivate() {
		LOG.info("Directory assignment source stopped");
	}
}
