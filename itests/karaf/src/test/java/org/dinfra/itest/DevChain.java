package org.dinfra.itest;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;

/**
 * The DINFRA dev chain (our runtime served by Chopsticks, {@code parachain/scripts/chain.sh}) as
 * a process of the test: started on a free port with its state in a SQLite file, so that it can
 * be stopped and started again on the same chain; stopped by pid.
 */
public final class DevChain implements AutoCloseable {
	private final Path repo;
	private final Path db;
	private final Path logDir;
	private final int port;
	private final int blockTimeMs;
	private Process process;
	private int starts;

	private DevChain(Path repo, Path dir, int port, int blockTimeMs) {
		this.repo = repo;
		this.db = dir.resolve("chain.sqlite");
		this.logDir = dir;
		this.port = port;
		this.blockTimeMs = blockTimeMs;
	}

	/** @return the repository root (the itests run from itests/karaf) */
	public static Path repo() {
		return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../..").normalize();
	}

	/**
	 * Checks that the runtime is built and Chopsticks installed (scripts/test.sh does both before
	 * Maven): in CI their absence fails the test, elsewhere it skips it.
	 */
	public static void requireBuilt() {
		Path cache = Path.of(System.getenv().getOrDefault("DINFRA_CACHE", System.getProperty("user.home") + "/.cache/dinfra"));
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
	 * @return a started dev chain
	 */
	public static DevChain start(Path dir, int blockTimeMs) throws IOException, InterruptedException {
		requireBuilt();
		Files.createDirectories(dir);
		DevChain chain = new DevChain(repo(), dir, KarafOptions.freePort(), blockTimeMs);
		chain.start();
		return chain;
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
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
		while (System.nanoTime() < deadline && process.isAlive()) {
			if (Files.readString(log, StandardCharsets.UTF_8).contains("dev chain ready")) {
				return;
			}
			Thread.sleep(200);
		}
		String out = Files.readString(log, StandardCharsets.UTF_8);
		stop();
		throw new IOException("the dev chain did not start within 180 s:\n" + out);
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
