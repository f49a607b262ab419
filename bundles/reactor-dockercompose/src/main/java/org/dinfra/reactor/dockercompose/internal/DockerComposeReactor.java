package org.dinfra.reactor.dockercompose.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.KeyedLocks;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Serves descriptor type {@code docker-compose}: one Compose project {@code dinfra-<id>} per
 * deployment on the provider's Docker engine.
 *
 * <p>A deploy writes the project's Compose file (the descriptor, rebuilt from the supported
 * subset with the provider's address, limits and labels) to {@code <dataDir>/<id>/compose.json},
 * runs {@code up -d --remove-orphans} and waits until every service runs, and is healthy when it
 * has a health check. A project that already runs is adopted as it is. Teardown runs
 * {@code down -v --remove-orphans}, then removes whatever is still labelled with the deployment
 * (containers, networks, volumes). The inventory is what the engine lists with this provider's
 * label, so projects are found again after an agent restart. Every Compose and docker call has
 * a timeout, its output goes to the deployment's {@code deployment.log}, and no process
 * outlives the component.
 */
@Component(service = Reactor.class, configurationPid = DockerComposeReactor.PID,
		property = {Reactor.TYPE + "=" + ComposeSchema.TYPE, Reactor.TYPE_VERSION + ":Integer=" + ComposeSchema.VERSION})
@Designate(ocd = DockerComposeReactorConfig.class)
public final class DockerComposeReactor implements Reactor {
	/** The configuration PID, also the name of the .cfg file. */
	public static final String PID = "org.dinfra.reactor.dockercompose";
	static final String COMPOSE_FILE = "compose.json";
	static final String LOG_FILE = "deployment.log";

	private static final Logger LOG = LoggerFactory.getLogger(DockerComposeReactor.class);
	private static final Duration LOGS_TIMEOUT = Duration.ofSeconds(30);
	private static final long POLL_MS = 250;

	private final String schema;
	private final ComposePolicy policy;
	private final String providerId;
	private final Path dataDir;
	private final ComposeCli cli;
	private final ProviderContainers containers;
	private final ProjectTeardown teardown;
	private final Duration commandTimeout;
	private final Duration readyTimeout;
	/** How long containers without a health check must keep running before a deploy reports them running. */
	private final Duration settle;
	/** One lock per deployment: concurrent calls for one id give one project. */
	private final KeyedLocks<Long> locks = new KeyedLocks<>();
	/** Deployments being torn down right now: their status is TEARING_DOWN whatever the engine shows. */
	private final Set<Long> tearingDown = ConcurrentHashMap.newKeySet();
	private volatile boolean closed;

	@Activate
	public DockerComposeReactor(DockerComposeReactorConfig config) throws IOException {
		this.schema = ComposeSchema.text();
		this.policy = new ComposePolicy(new ComposePolicy.Settings(config.publishAddress().trim(), config.portRangeMin(),
				config.portRangeMax(), config.maxCpus(), Sizes.bytes(config.maxMemory()), config.defaultServiceCpus(),
				Sizes.bytes(config.defaultServiceMemory()), config.pidsLimit(),
				ComposePolicy.Settings.prefixes(config.allowedImagePrefixes())));
		this.providerId = providerId(config.providerId());
		this.dataDir = config.dataDir().isBlank()
				? Path.of(System.getProperty("karaf.data", "data"), "dinfra", "reactor-dockercompose")
				: Path.of(config.dataDir().trim());
		Files.createDirectories(dataDir);
		this.commandTimeout = Duration.ofSeconds(Math.max(1, config.commandTimeoutSeconds()));
		this.readyTimeout = Duration.ofSeconds(Math.max(1, config.readyTimeoutSeconds()));
		this.settle = Duration.ofMillis(Math.max(0, config.settleMillis()));
		this.cli = new ComposeCli(config.dockerCommand(), config.composeCommand(), config.dockerHost(),
				dataDir.resolve("tmp"));
		this.containers = new ProviderContainers(cli, providerId);
		this.teardown = new ProjectTeardown(cli, containers, providerId, dataDir, commandTimeout,
				Math.max(0, config.stopTimeoutSeconds()));
		LOG.info("Docker Compose reactor active: provider {}, engine {}, data {}, publishing on {} ports {}-{}",
				providerId, cli.dockerHost() == null ? "(default socket)" : cli.dockerHost(), dataDir,
				policy.settings().publishAddress(), policy.settings().portMin(), policy.settings().portMax());
	}

	/** Kills every Compose or docker process still running; calls in progress fail as transient. */
	@Deactivate
	void deactivate() {
		closed = true;
		cli.close();
		LOG.info("Docker Compose reactor stopped");
	}

	private static String providerId(String configured) {
		String id = configured == null ? "" : configured.trim();
		if (id.isEmpty()) {
			try {
				id = InetAddress.getLocalHost().getHostName();
			} catch (IOException e) {
				id = System.getenv().getOrDefault("HOSTNAME", "localhost");
			}
		}
		id = id.replaceAll("[^A-Za-z0-9._-]", "-");
		if (id.isEmpty() || id.length() > 128) {
			throw new IllegalArgumentException("providerId must have 1 to 128 letters, digits, '.', '_' or '-'");
		}
		return id;
	}

	/** @return the provider id set as label on everything this reactor creates */
	String providerId() {
		return providerId;
	}

	/** @return the policy's settings in force */
	ComposePolicy.Settings policySettings() {
		return policy.settings();
	}

	/** @return where the deployment's Compose file and log are */
	Path deploymentDir(long id) {
		return dataDir.resolve(Long.toUnsignedString(id));
	}

	/** @return the live CLI processes (for tests) */
	int runningProcesses() {
		return cli.running();
	}

	/** @return how many deployments have a lock in use (none once every call has returned) */
	int locksInUse() {
		return locks.size();
	}

	@Override
	public String schema() {
		return schema;
	}

	@Override
	public List<String> check(DeploymentRequest request) {
		try {
			return policy.check(ComposeFile.parse(request.descriptor()));
		} catch (IllegalArgumentException e) {
			return List.of("/: " + e.getMessage());
		}
	}

	@Override
	public ReactorStatus deploy(DeploymentRequest request) throws ReactorException {
		long id = request.id();
		JsonNode root;
		try {
			root = ComposeFile.parse(request.descriptor());
		} catch (IllegalArgumentException e) {
			throw ReactorException.permanent(ReasonCode.SCHEMA_INVALID, e.getMessage());
		}
		List<String> violations = policy.check(root);
		if (!violations.isEmpty()) {
			throw ReactorException.permanent(ReasonCode.POLICY_VIOLATION, "the provider's policy refuses this descriptor",
					violations);
		}
		Set<String> expected = new LinkedHashSet<>();
		root.path("services").fieldNames().forEachRemaining(expected::add);
		return locks.withLock(id, () -> deployLocked(id, root, expected));
	}

	private ReactorStatus deployLocked(long id, JsonNode root, Set<String> expected) throws ReactorException {
		ensureOpen();
		Path dir = deploymentDir(id);
		Path file = dir.resolve(COMPOSE_FILE);
		Path log = dir.resolve(LOG_FILE);
		String project = ComposeFile.project(id);
		try {
			String composeText = ComposeFile.render(root, policy.settings(), id, providerId, cli.isV1());
			Files.createDirectories(dir);
			boolean known = Files.exists(file);
			if (!known || !Files.readString(file, StandardCharsets.UTF_8).equals(composeText)) {
				Path tmp = dir.resolve(COMPOSE_FILE + ".tmp");
				Files.writeString(tmp, composeText, StandardCharsets.UTF_8);
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			// A project this reactor wrote before (an earlier call, or before an agent restart) may
			// run already: adopt it as it is. A new one goes straight to up, which is idempotent.
			List<Container> existing = known ? containers.of(id) : List.of();
			if (!existing.isEmpty()) {
				ReactorStatus now = Container.status(id, existing, expected);
				if (now.state() == DeploymentState.RUNNING) {
					LOG.info("Deployment {}: project {} already runs; adopted", Long.toUnsignedString(id), project);
					return now;
				}
			}
			ComposeCli.Result up = cli.compose(file, project, commandTimeout, log, "up", "-d", "--remove-orphans");
			if (!up.ok()) {
				throw upFailed(up);
			}
			return awaitReady(id, file, project, expected, log);
		} catch (ComposeCli.TimeoutException e) {
			throw new ReactorException(Reason.of(ReasonCode.TIMEOUT, e.getMessage()), true, e);
		} catch (IOException e) {
			throw ReactorException.transientFailure("deploy of " + project + " failed: " + e.getMessage(), e);
		}
	}

	/** Failures of {@code up} that trying again cannot fix are permanent; the rest are retried. */
	private static ReactorException upFailed(ComposeCli.Result up) {
		String out = up.output().toLowerCase(Locale.ROOT);
		String message = "compose up failed (exit " + up.exit() + "): " + up.tail();
		if (out.contains("port is already allocated") || out.contains("address already in use")) {
			return ReactorException.permanent(ReasonCode.NO_CAPACITY, "a published port is in use: " + up.tail());
		}
		if (out.contains("pull access denied") || out.contains("manifest unknown") || out.contains("repository does not exist")
				|| out.contains("invalid reference format")) {
			return ReactorException.permanent(ReasonCode.BAD_PARAMETERS, "the image cannot be had: " + up.tail());
		}
		if (out.contains("is invalid") || out.contains("invalid compose project") || out.contains("unsupported config option")
				|| out.contains("validating")) {
			return ReactorException.permanent(ReasonCode.BAD_PARAMETERS, "Compose refuses the project: " + up.tail());
		}
		return ReactorException.transientFailure(message, null);
	}

	private ReactorStatus awaitReady(long id, Path file, String project, Set<String> expected, Path log)
			throws ReactorException, IOException {
		long deadline = System.nanoTime() + readyTimeout.toNanos();
		long runningSince = 0;
		boolean running = false;
		while (true) {
			ensureOpen();
			List<Container> found = containers.of(id);
			ReactorStatus status = Container.status(id, found, expected);
			if (status.state() == DeploymentState.RUNNING) {
				// A healthy container has passed its check; one without a check must keep running a
				// moment, or a command that exits at once would be reported running.
				boolean healthy = found.stream().allMatch(c -> c.status().contains("(healthy)"));
				if (!running) {
					running = true;
					runningSince = System.nanoTime();
				}
				if (healthy || System.nanoTime() - runningSince >= settle.toNanos()) {
					LOG.info("Deployment {}: project {} running {}", Long.toUnsignedString(id), project,
							status.endpoints());
					return status;
				}
			} else {
				running = false;
			}
			if (status.state() == DeploymentState.FAILED) {
				logsTail(file, project, log);
				throw ReactorException.permanent(ReasonCode.DEPLOY_FAILED, status.message());
			}
			if (System.nanoTime() > deadline) {
				logsTail(file, project, log);
				if (found.stream().anyMatch(Container::unhealthy)) {
					throw ReactorException.permanent(ReasonCode.DEPLOY_FAILED, "not healthy within "
							+ readyTimeout.toSeconds() + " s: " + status.message());
				}
				throw new ReactorException(Reason.of(ReasonCode.TIMEOUT, "not running within " + readyTimeout.toSeconds()
						+ " s: " + status.message()), true, null);
			}
			try {
				Thread.sleep(POLL_MS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw ReactorException.transientFailure("interrupted while waiting for " + project, e);
			}
		}
	}

	private void logsTail(Path file, String project, Path log) {
		try {
			cli.compose(file, project, LOGS_TIMEOUT, log, "logs", "--no-color", "--tail=50");
		} catch (IOException e) {
			LOG.debug("Cannot collect the logs of {}: {}", project, e.getMessage());
		}
	}

	@Override
	public void teardown(long id) throws ReactorException {
		locks.withLock(id, () -> {
			ensureOpen();
			tearingDown.add(id);
			try {
				teardown.tearDown(id, deploymentDir(id));
			} finally {
				tearingDown.remove(id);
			}
			return null;
		});
	}

	@Override
	public Optional<ReactorStatus> status(long id) throws ReactorException {
		try {
			List<Container> found = containers.of(id);
			return found.isEmpty() ? Optional.empty() : Optional.of(status(id, found));
		} catch (IOException e) {
			throw ReactorException.transientFailure("cannot list the containers of " + ComposeFile.project(id) + ": "
					+ e.getMessage(), e);
		}
	}

	@Override
	public List<ReactorStatus> inventory() throws ReactorException {
		try {
			Map<Long, List<Container>> byId = new TreeMap<>(Long::compareUnsigned);
			for (Container c : containers.all()) {
				try {
					byId.computeIfAbsent(Long.parseUnsignedLong(c.subscription()), k -> new ArrayList<>()).add(c);
				} catch (NumberFormatException e) {
					LOG.warn("Container {} has label {}={} that is no deployment id; ignored", c.id(),
							ComposeFile.LABEL_SUBSCRIPTION, c.subscription());
				}
			}
			List<ReactorStatus> all = new ArrayList<>();
			for (Map.Entry<Long, List<Container>> e : byId.entrySet()) {
				all.add(status(e.getKey(), e.getValue()));
			}
			return all;
		} catch (IOException e) {
			throw ReactorException.transientFailure("cannot list the engine's containers: " + e.getMessage(), e);
		}
	}

	private ReactorStatus status(long id, List<Container> containers) {
		if (tearingDown.contains(id)) {
			return new ReactorStatus(id, DeploymentState.TEARING_DOWN, List.of(), "being torn down");
		}
		return Container.status(id, containers, expectedServices(id));
	}

	/** @return the services of the Compose file written for the deployment, or empty when there is none */
	private Set<String> expectedServices(long id) {
		Path file = deploymentDir(id).resolve(COMPOSE_FILE);
		Set<String> services = new LinkedHashSet<>();
		try {
			if (Files.exists(file)) {
				ComposeFile.parse(Files.readString(file, StandardCharsets.UTF_8)).path("services").fieldNames()
						.forEachRemaining(services::add);
			}
		} catch (IOException | IllegalArgumentException e) {
			LOG.warn("Cannot read {}: {}", file, e.getMessage());
		}
		return services;
	}

	private void ensureOpen() throws ReactorException {
		if (closed) {
			throw ReactorException.transientFailure("the Docker Compose reactor is stopping", null);
		}
	}
}
