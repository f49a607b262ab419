package org.dinfra.reactor.http.internal;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.dinfra.core.api.Reactor;
import org.dinfra.reactor.conformance.ReactorConformanceTest;
import org.dinfra.reactor.conformance.ReactorFixture;
import org.junit.AfterClass;
import org.junit.BeforeClass;

/**
 * The conformance kit through the HTTP bridge against the example external reactor in Python
 * (examples/reactor-python, server stubs generated from api/chain-reactor-api.yaml), started by
 * its run.sh as a child process on a free port of 127.0.0.1 and stopped by pid. A restart
 * restarts both the Python process and the bridge over the same state directory.
 */
public class PythonReactorConformanceTest extends ReactorConformanceTest {
	private static final Path RUN_SH = Path.of("../../examples/reactor-python/run.sh").toAbsolutePath().normalize();
	private static final String TOKEN = "conformance-" + Long.toHexString(System.nanoTime());
	private static Path work;
	private static Process python;
	private static int port;

	@BeforeClass
	public static void startPython() throws Exception {
		work = Files.createTempDirectory("reactor-python-conformance");
		Files.writeString(work.resolve("token"), TOKEN + "\n");
		startProcess();
	}

	@AfterClass
	public static void stopPython() throws Exception {
		stopProcess();
		if (work != null) {
			try (Stream<Path> files = Files.walk(work)) {
				files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
			}
		}
	}

	private static void startProcess() throws Exception {
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		python = new ProcessBuilder(RUN_SH.toString(), "--port", Integer.toString(port), "--token-file",
				work.resolve("token").toString(), "--state-dir", work.resolve("state").toString(), "--deploy-delay", "0.3",
				"--teardown-delay", "0.3", "--exit-with-parent")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/reactor-python.log")))
				.start();
		// The first run creates the venv and generates the stubs: allow for it.
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
		while (!healthy()) {
			assertTrue("run.sh exited with " + (python.isAlive() ? "" : python.exitValue()) + "; see target/reactor-python.log",
					python.isAlive());
			assertTrue("the Python reactor did not answer /v1/health in time", System.nanoTime() < deadline);
			Thread.sleep(200);
		}
	}

	private static void stopProcess() throws InterruptedException {
		if (python != null) {
			python.destroy();
			if (!python.waitFor(10, TimeUnit.SECONDS)) {
				python.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			python = null;
		}
	}

	private static boolean healthy() {
		try {
			HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v1/health").toURL()
					.openConnection();
			c.setConnectTimeout(500);
			c.setReadTimeout(2000);
			try {
				return c.getResponseCode() == 200;
			} finally {
				c.disconnect();
			}
		} catch (IOException e) {
			return false;
		}
	}

	@Override
	protected ReactorFixture createFixture() throws Exception {
		return new Fixture();
	}

	private static final class Fixture implements ReactorFixture {
		private final Map<String, Reactor> registered = new ConcurrentHashMap<>();
		private HttpReactorBridge bridge;

		Fixture() throws InterruptedException {
			connect();
		}

		private void connect() throws InterruptedException {
			registered.clear();
			TestConfig config = new TestConfig("http://127.0.0.1:" + port + "/v1");
			config.token = TOKEN;
			bridge = new HttpReactorBridge(config, (type, version, endpoint, reactor) -> {
				registered.put(type, reactor);
				return () -> registered.remove(type, reactor);
			}, consumer -> "");
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (!registered.containsKey("python-file")) {
				assertTrue("the bridge registered no python-file reactor", System.nanoTime() < deadline);
				Thread.sleep(50);
			}
		}

		@Override
		public Reactor reactor() {
			return registered.get("python-file");
		}

		@Override
		public String type() {
			return "python-file";
		}

		@Override
		public String validDescriptor(int n) {
			return "{\"content\":\"hello " + n + "\",\"replicas\":" + (n % 3 + 1) + "}";
		}

		@Override
		public String schemaInvalidDescriptor() {
			return "{\"content\":\"\",\"replicas\":9,\"extra\":1}";
		}

		@Override
		public boolean refusesSchemaInvalidDescriptors() {
			return true;
		}

		@Override
		public Reactor restart() throws Exception {
			bridge.close();
			stopProcess();
			startProcess();
			connect();
			return reactor();
		}

		/** A deployment of the example is its record file in the state directory. */
		@Override
		public int countOnInfrastructure(long id) throws IOException {
			Path record = work.resolve("state").resolve(Long.toUnsignedString(id) + ".json");
			return Files.exists(record) ? 1 : 0;
		}

		@Override
		public Duration timeout() {
			return Duration.ofSeconds(20);
		}

		@Override
		public void close() {
			bridge.close();
		}
	}
}
