package org.dinfra.reactor.dockercompose.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a deployment's Compose project: {@code down -v --remove-orphans}, then whatever is still
 * labelled with the deployment (containers, networks, volumes); then the deployment's directory,
 * keeping its log as {@code <dataDir>/logs/<id>.log}. Nothing there, nothing done.
 */
final class ProjectTeardown {
	private static final Logger LOG = LoggerFactory.getLogger(ProjectTeardown.class);

	private final ComposeCli cli;
	private final ProviderContainers containers;
	private final String providerId;
	private final Path dataDir;
	private final Duration commandTimeout;
	private final int stopTimeoutSeconds;

	/**
	 * @param dataDir            the reactor's data directory, where {@code logs/} is
	 * @param commandTimeout     longest a {@code down} or removal may take
	 * @param stopTimeoutSeconds seconds containers get to stop before they are killed
	 */
	ProjectTeardown(ComposeCli cli, ProviderContainers containers, String providerId, Path dataDir,
			Duration commandTimeout, int stopTimeoutSeconds) {
		this.cli = cli;
		this.containers = containers;
		this.providerId = providerId;
		this.dataDir = dataDir;
		this.commandTimeout = commandTimeout;
		this.stopTimeoutSeconds = stopTimeoutSeconds;
	}

	/**
	 * @param id  the deployment
	 * @param dir its directory (the Compose file and the log)
	 * @throws ReactorException transient when a call fails, times out, or containers are left
	 */
	void tearDown(long id, Path dir) throws ReactorException {
		Path file = dir.resolve(DockerComposeReactor.COMPOSE_FILE);
		Path log = dir.resolve(DockerComposeReactor.LOG_FILE);
		String project = ComposeFile.project(id);
		try {
			if (Files.exists(file)) {
				ComposeCli.Result down = cli.compose(file, project, commandTimeout, log, "down", "-v",
						"--remove-orphans", "--timeout", Integer.toString(stopTimeoutSeconds));
				if (!down.ok()) {
					LOG.warn("Deployment {}: compose down failed ({}); removing what is left by label",
							Long.toUnsignedString(id), down.tail());
				}
			}
			purge(id, project, Files.isDirectory(dir) ? log : null);
			List<Container> left = containers.of(id);
			if (!left.isEmpty()) {
				throw ReactorException.transientFailure(left.size() + " containers of " + project + " are still there",
						null);
			}
			if (Files.isDirectory(dir)) {
				if (Files.exists(log)) {
					Path logs = Files.createDirectories(dataDir.resolve("logs"));
					Files.move(log, logs.resolve(Long.toUnsignedString(id) + ".log"), StandardCopyOption.REPLACE_EXISTING);
				}
				deleteTree(dir);
				LOG.info("Deployment {}: project {} removed", Long.toUnsignedString(id), project);
			}
		} catch (ComposeCli.TimeoutException e) {
			throw new ReactorException(Reason.of(ReasonCode.TIMEOUT, e.getMessage()), true, e);
		} catch (IOException e) {
			throw ReactorException.transientFailure("teardown of " + project + " failed: " + e.getMessage(), e);
		}
	}

	/** Removes the deployment's containers, networks and volumes that are still there, by label. */
	private void purge(long id, String project, Path log) throws IOException {
		List<Container> left = containers.of(id);
		if (!left.isEmpty()) {
			List<String> args = new ArrayList<>(List.of("rm", "-f", "-v"));
			left.forEach(c -> args.add(c.id()));
			cli.docker(commandTimeout, log, args.toArray(String[]::new));
		}
		String projectLabel = "label=" + ComposeFile.LABEL_PROJECT + "=" + project;
		List<String> networks = ids(cli.docker(ProviderContainers.LIST_TIMEOUT, null, "network", "ls", "-q", "--filter",
				projectLabel));
		if (!networks.isEmpty()) {
			List<String> args = new ArrayList<>(List.of("network", "rm"));
			args.addAll(networks);
			cli.docker(commandTimeout, log, args.toArray(String[]::new));
		}
		List<String> volumes = ids(cli.docker(ProviderContainers.LIST_TIMEOUT, null, "volume", "ls", "-q", "--filter",
				projectLabel, "--filter", "label=" + ComposeFile.LABEL_PROVIDER + "=" + providerId));
		if (!volumes.isEmpty()) {
			List<String> args = new ArrayList<>(List.of("volume", "rm", "-f"));
			args.addAll(volumes);
			cli.docker(commandTimeout, log, args.toArray(String[]::new));
		}
	}

	private static List<String> ids(ComposeCli.Result result) throws IOException {
		if (!result.ok()) {
			throw new IOException(String.join(" ", result.command()) + " failed: " + result.tail());
		}
		return result.output().lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
	}

	private static void deleteTree(Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}
}
