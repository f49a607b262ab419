package org.dinfra.reactor.dockercompose.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Docker and Compose command-line programs: the Compose v2 plugin ({@code docker compose})
 * or the v1 program ({@code docker-compose}), found on first use, or a configured command.
 *
 * <p>Every call has a timeout; a call that outlives it is killed with its child processes. The
 * programs get a clean environment (PATH, HOME, DOCKER_HOST, DOCKER_CONFIG, LANG): Compose
 * interpolates variables from its environment, and the agent's own must not reach a descriptor.
 * Output is appended to the given log (the deployment's) after the command line, as it comes, so
 * that it survives a crash of the agent; without a log it is collected in a temporary file.
 * {@link #close()} kills every process still running; no call starts after it.
 */
final class ComposeCli implements AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(ComposeCli.class);
	private static final List<String> STANDARD_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
			"/usr/bin", "/sbin", "/bin");
	private static final Duration DETECT_TIMEOUT = Duration.ofSeconds(30);
	private static final Duration KILL_WAIT = Duration.ofSeconds(10);

	/** The result of a finished call. */
	record Result(List<String> command, int exit, String output) {
		boolean ok() {
			return exit == 0;
		}

		/** @return the last lines of the output, for messages */
		String tail() {
			String[] lines = output.strip().split("\n");
			return String.join(" | ", Arrays.asList(lines).subList(Math.max(0, lines.length - 5), lines.length));
		}
	}

	/** A call did not finish in time and was killed. */
	static final class TimeoutException extends IOException {
		private static final long serialVersionUID = 1L;

		TimeoutException(String message) {
			super(message);
		}
	}

	private final List<String> docker;
	private final List<String> configuredCompose;
	private final Map<String, String> environment;
	private final Path tmp;
	private final Set<Process> live = ConcurrentHashMap.newKeySet();
	private volatile List<String> compose;
	private volatile boolean v1;
	private volatile boolean closed;

	/**
	 * @param dockerCommand  the docker program (a name on PATH or a path)
	 * @param composeCommand the Compose command line, whitespace-separated, or blank to find one
	 * @param dockerHost     DOCKER_HOST for every call, or blank to inherit the agent's
	 * @param tmp            where output is collected
	 */
	ComposeCli(String dockerCommand, String composeCommand, String dockerHost, Path tmp) throws IOException {
		this.environment = environment(dockerHost);
		this.docker = List.of(resolve(dockerCommand.isBlank() ? "docker" : dockerCommand.trim()));
		this.configuredCompose = composeCommand.isBlank() ? null : split(composeCommand);
		this.tmp = Files.createDirectories(tmp);
	}

	private static List<String> split(String commandLine) {
		List<String> parts = new ArrayList<>(Arrays.asList(commandLine.trim().split("\\s+")));
		parts.set(0, resolve(parts.get(0)));
		return List.copyOf(parts);
	}

	private static Map<String, String> environment(String dockerHost) {
		Map<String, String> inherited = System.getenv();
		Map<String, String> env = new LinkedHashMap<>();
		List<String> path = new ArrayList<>();
		String inheritedPath = inherited.get("PATH");
		if (inheritedPath != null) {
			path.addAll(Arrays.asList(inheritedPath.split(File.pathSeparator)));
		}
		STANDARD_PATH.stream().filter(p -> !path.contains(p)).forEach(path::add);
		env.put("PATH", String.join(File.pathSeparator, path));
		env.put("HOME", inherited.getOrDefault("HOME", System.getProperty("user.home")));
		String host = dockerHost == null || dockerHost.isBlank() ? inherited.get("DOCKER_HOST") : dockerHost.trim();
		if (host != null && !host.isBlank()) {
			env.put("DOCKER_HOST", host);
		}
		if (inherited.containsKey("DOCKER_CONFIG")) {
			env.put("DOCKER_CONFIG", inherited.get("DOCKER_CONFIG"));
		}
		env.put("LANG", "C.UTF-8");
		return Map.copyOf(env);
	}

	/** @return the absolute path of a program found on PATH or in the standard directories, else the name */
	static String resolve(String program) {
		if (program.contains("/")) {
			return program;
		}
		List<String> dirs = new ArrayList<>();
		String path = System.getenv("PATH");
		if (path != null) {
			dirs.addAll(Arrays.asList(path.split(File.pathSeparator)));
		}
		dirs.addAll(STANDARD_PATH);
		for (String d : dirs) {
			Path candidate = Path.of(d.isEmpty() ? "." : d, program);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return program;
	}

	/** @return DOCKER_HOST as the programs see it, or null for the engine's default socket */
	String dockerHost() {
		return environment.get("DOCKER_HOST");
	}

	/**
	 * @return the Compose command: the configured one, else {@code docker compose} when the plugin
	 *         answers {@code version}, else {@code docker-compose}
	 * @throws IOException when none answers
	 */
	List<String> compose() throws IOException {
		List<String> found = compose;
		if (found != null) {
			return found;
		}
		String version;
		if (configuredCompose != null) {
			found = configuredCompose;
			version = version(found);
			if (version == null) {
				version = "";
			}
		} else {
			List<String> v2 = new ArrayList<>(docker);
			v2.add("compose");
			version = version(v2);
			if (version != null) {
				found = List.copyOf(v2);
			} else {
				List<String> v1Command = List.of(resolve("docker-compose"));
				version = version(v1Command);
				if (version == null) {
					throw new IOException("no Compose found: neither '" + String.join(" ", v2) + " version' nor '"
							+ v1Command.get(0) + " version' answers; install the Compose plugin or docker-compose, or set "
							+ "composeCommand");
				}
				found = v1Command;
			}
		}
		v1 = version.toLowerCase(java.util.Locale.ROOT).contains("docker-compose version 1.");
		LOG.info("Using Compose {} ({})", String.join(" ", found), version.lines().findFirst().orElse("?").strip());
		compose = found;
		return found;
	}

	/**
	 * @return whether the Compose found is the v1 program, whose file format differs in places
	 *         (pids_limit instead of deploy.resources.limits.pids)
	 */
	boolean isV1() throws IOException {
		compose();
		return v1;
	}

	/** @return the output of {@code COMMAND version}, or null when it does not answer */
	private String version(List<String> command) {
		List<String> c = new ArrayList<>(command);
		c.add("version");
		try {
			Result r = run(c, DETECT_TIMEOUT, null, null);
			return r.ok() ? r.output() : null;
		} catch (IOException e) {
			return null;
		}
	}

	/**
	 * Runs {@code docker ARGS}.
	 *
	 * @param timeout how long it may take
	 * @param log     where to append the command and its output, or null
	 * @param args    the arguments
	 */
	Result docker(Duration timeout, Path log, String... args) throws IOException {
		List<String> c = new ArrayList<>(docker);
		c.addAll(Arrays.asList(args));
		return run(c, timeout, log, null);
	}

	/**
	 * Runs {@code <compose> -p PROJECT -f FILE --project-directory DIR ARGS}.
	 *
	 * @param file    the project's Compose file
	 * @param project the project name
	 * @param timeout how long it may take
	 * @param log     where to append the command and its output
	 * @param args    the Compose subcommand and its arguments
	 */
	Result compose(Path file, String project, Duration timeout, Path log, String... args) throws IOException {
		List<String> c = new ArrayList<>(compose());
		c.addAll(List.of("--ansi", "never", "-p", project, "-f", file.toString(), "--project-directory",
				file.getParent().toString()));
		c.addAll(Arrays.asList(args));
		return run(c, timeout, log, file.getParent());
	}

	/**
	 * Runs a program and waits for it, at most {@code timeout}.
	 *
	 * @throws TimeoutException when it was killed for taking too long
	 * @throws IOException      when it cannot be started, or the CLI is closed
	 */
	Result run(List<String> command, Duration timeout, Path log, Path workDir) throws IOException {
		if (closed) {
			throw new IOException("the Docker Compose reactor is stopping");
		}
		// With a log, output goes straight into it, so that it survives a crash of the agent and
		// shows how far a hung call got; without one, into a temporary file.
		Path out = log != null ? log : Files.createTempFile(tmp, "cli-", ".out");
		long offset = 0;
		Instant started = Instant.now();
		if (log != null) {
			Files.createDirectories(log.getParent());
			write(log, started + " $ " + String.join(" ", command) + "\n");
			offset = Files.size(log);
		}
		try {
			ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
					.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			if (workDir != null) {
				pb.directory(workDir.toFile());
			}
			pb.environment().clear();
			pb.environment().putAll(environment);
			Process p = pb.start();
			live.add(p);
			int exit;
			try {
				if (closed) {
					kill(p);
				}
				if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					kill(p);
					footer(log, -1, started);
					throw new TimeoutException("'" + String.join(" ", command) + "' did not finish within "
							+ timeout.toSeconds() + " s and was killed");
				}
				exit = p.exitValue();
			} catch (InterruptedException e) {
				kill(p);
				Thread.currentThread().interrupt();
				throw new IOException("interrupted while running " + String.join(" ", command), e);
			} finally {
				live.remove(p);
			}
			footer(log, exit, started);
			if (closed) {
				throw new IOException("the Docker Compose reactor is stopping");
			}
			return new Result(command, exit, read(out, offset));
		} finally {
			if (log == null) {
				Files.deleteIfExists(out);
			}
		}
	}

	private static String read(Path file, long offset) throws IOException {
		byte[] all = Files.readAllBytes(file);
		int from = (int) Math.min(offset, all.length);
		return new String(all, from, all.length - from, StandardCharsets.UTF_8);
	}

	private static void footer(Path log, int exit, Instant started) {
		if (log != null) {
			write(log, (exit < 0 ? "(killed: timeout)" : "(exit " + exit + ")") + " after "
					+ Duration.between(started, Instant.now()).toMillis() + " ms\n");
		}
	}

	private static void write(Path log, String text) {
		try {
			Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		} catch (IOException e) {
			LOG.warn("Cannot write {}: {}", log, e.getMessage());
		}
	}

	/** Kills a process and its descendants, and waits for them a little. */
	private static void kill(Process p) {
		List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
		all.add(p.toHandle());
		all.forEach(ProcessHandle::destroyForcibly);
		for (ProcessHandle h : all) {
			try {
				h.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			} catch (Exception e) {
				LOG.warn("Process {} did not end after SIGKILL: {}", h.pid(), e.toString());
			}
		}
	}

	/** @return how many programs run right now */
	int running() {
		return live.size();
	}

	/** Kills every program still running; later calls fail. */
	@Override
	public void close() {
		closed = true;
		for (Process p : List.copyOf(live)) {
			LOG.info("Killing '{}' (pid {}): the reactor is stopping", p.info().commandLine().orElse("?"), p.pid());
			kill(p);
		}
	}
}
