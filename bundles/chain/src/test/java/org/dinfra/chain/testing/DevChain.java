package org.dinfra.chain.testing;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;

/**
 * The DINFRA dev chain (our runtime served by Chopsticks, {@code parachain/scripts/chain.sh}) as
 * a process of a test: started on a free port of 127.0.0.1 with its state in a SQLite file, so
 * that it can be stopped and started again on the same chain; stopped by pid. Shared by the
 * chain bundle's, the command line's and the Karaf integration tests (this module's test-jar).
 */
public final class DevChain implements AutoCloseable {
	private final Path repo;
	private final Path db;
	private final Path logDir;
	private final int port;
	private final int blockTimeMs;
	private final Duration ready;
	private Process process;
	private int starts;

	private DevChain(Path repo, Path dir, int port, int blockTimeMs, Duration ready) {
		this.repo = repo;
		this.db = dir.resolve("chain.sqlite");
		this.logDir = dir;
		this.port = port;
		this.blockTimeMs = blockTimeMs;
		this.ready = ready;
	}

	/** @return the repository root: the first directory above the module ({@code basedir}) with the dev chain script */
	public static Path repo() {
		Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
		for (Path d = dir; d != null; d = d.getParent()) {
			if (Files.exists(d.resolve("parachain/scripts/chain.sh"))) {
				return d;
			}
		}
		return dir;
	}

	/**
	 * Checks that the dev chain can run here (the script, the runtime built, Chopsticks installed;
	 * scripts/test.sh does the last two before Maven): in CI their absence fails the test,
	 * elsewhere it skips it.
	 */
	public static void requireBuilt() {
		Path cache = Path.of(System.getenv().getOrDefault("DINFRA_CACHE", System.getProperty("user.home") + "/.cache/dinfra"));
		require("no dev chain script", Files.isExecutable(repo().resolve("parachain/scripts/chain.sh")));
		require("runtime not built (" + cache + "/parachain; run parachain/scripts/build-runtime.sh)",
				Files.exists(cache.resolve("parachain/dinfra_runtime.wasm")) && Files.exists(cache.resolve("parachain/dinfra-dev.raw.json")));
		require("Chopsticks not installed (parachain/chain/node_modules)", Files.isDirectory(repo().resolve("parachain/chain/node_modules")));
	}

	private static void require(String what, boolean present) {
		if ("true".equals(System.getenv("CI"))) {
			assertTrue(what, present);
		} else {
			Assume.assumeTrue(what, present);
		}
	}

	/**
	 * @param dir         where the chain's database and logs go
	 * @param blockTimeMs block time
	 * @param ready       how long it may take to be ready
	 * @return a started dev chain
	 * @throws IOException when it is not ready in time (with its log)
	 */
	public static DevChain start(Path dir, int blockTimeMs, Duration ready) throws IOException, InterruptedException {
		requireBuilt();
		Files.createDirectories(dir);
		DevChain chain = new DevChain(repo(), dir, freePort(), blockTimeMs, ready);
		chain.start();
		return chain;
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
	}

	/** @return {@code ws://127.0.0.1:<port>} */
	public String url() {
		return "ws://127.0.0.1:" + port;
	}

	/** @return the port */
	public int port() {
		return port;
	}

	/** Starts the node again on the same port and database (resuming from its latest block). */
	public void start() throws IOException, InterruptedException {
		if (process != null) {
			throw new IllegalStateException("already running");
		}
		starts++;
		Path log = logDir.resolve("dev-chain-" + starts + ".log");
		process = new ProcessBuilder(repo.resolve("parachain/scripts/chain.sh").toString(), "--port", Integer.toString(port),
				"--block-time-ms", Integer.toString(blockTimeMs), "--db", db.toString())
				.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Process started = process;
		// should a test's timeout cut its clean-up short, the JVM still stops the chain it started
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
		long deadline = System.nanoTime() + ready.toNanos();
		while (System.nanoTime() < deadline && process.isAlive()) {
			if (Files.readString(log, StandardCharsets.UTF_8).contains("dev chain ready")) {
				return;
			}
			Thread.sleep(200);
		}
		String out = Files.readString(log, StandardCharsets.UTF_8);
		stop();
		throw new IOException("the dev chain did not start within " + ready.toSeconds() + " s:\n" + out);
	}

	/** Stops the node (SIGTERM to the pid started, then SIGKILL after 15 s). */
	public void stop() throws InterruptedException {
		if (process == null) {
			return;
		}
		List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
		process.destroy();
		if (!process.waitFor(15, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
		}
		all.forEach(ProcessHandle::destroyForcibly);
		process = null;
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}
}
