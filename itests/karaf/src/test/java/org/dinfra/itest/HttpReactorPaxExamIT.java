package org.dinfra.itest;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Deployments;
import org.junit.AfterClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * An external reactor registered from the Karaf console with one factory configuration: the
 * example Python reactor (examples/reactor-python) runs on the driver side as a child process on
 * a free port of 127.0.0.1; in the container, feature:install dinfra-reactor-http and
 * config:edit --factory make its type appear in dinfra:types; a deployment from the directory
 * source runs and is torn down through the bridge; config:delete makes the type disappear.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpReactorPaxExamIT {
	private static final Duration TIMEOUT = Duration.ofSeconds(90);
	private static final String TOKEN = "karaf-it-token";
	private static Process python;

	@Inject
	Deployments deployments;

	@Inject
	SessionFactory sessions;

	/** Driver side: starts the Python reactor, hands its port and state directory to the container. */
	@Configuration
	public Option[] config() throws Exception {
		Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "reactor-python-it");
		Files.writeString(work.resolve("token"), TOKEN + "\n");
		int port = KarafOptions.freePort();
		Path runSh = Path.of("../../examples/reactor-python/run.sh").toAbsolutePath().normalize();
		python = new ProcessBuilder(runSh.toString(), "--port", Integer.toString(port), "--token-file",
				work.resolve("token").toString(), "--state-dir", work.resolve("state").toString(), "--exit-with-parent")
				.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/reactor-python-it.log")))
				.start();
		Process started = python;
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
		while (!healthy(port)) {
			if (!started.isAlive() || System.nanoTime() > deadline) {
				throw new IllegalStateException("the Python reactor did not start; see target/reactor-python-it.log");
			}
			Thread.sleep(200);
		}
		return KarafOptions.distribution(systemProperty("dinfra.it.python.port").value(Integer.toString(port)),
				systemProperty("dinfra.it.python.state").value(work.resolve("state").toString()));
	}

	@AfterClass
	public static void stopPython() throws InterruptedException {
		if (python != null) {
			python.destroy();
			python.waitFor(10, TimeUnit.SECONDS);
			python = null;
		}
	}

	private static boolean healthy(int port) {
		try {
			HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v1/health").toURL()
					.openConnection();
			c.setConnectTimeout(500);
			try {
				return c.getResponseCode() == 200;
			} finally {
				c.disconnect();
			}
		} catch (IOException e) {
			return false;
		}
	}

	private static Path data(String name) {
		return Path.of(System.getProperty("karaf.data"), name);
	}

	private boolean installFeature() throws Exception {
		try {
			execute("feature:install dinfra-reactor-http");
			return true;
		} catch (Exception e) {
			if (e.getClass().getSimpleName().equals("CommandNotFoundException")) {
				return false;
			}
			throw e;
		}
	}

	@Test
	public void externalReactorRegisteredFromTheConsoleDeploysAndUnplugsWithItsConfiguration() throws Exception {
		String port = System.getProperty("dinfra.it.python.port");
		Path state = Path.of(System.getProperty("dinfra.it.python.state"));
		// The console's commands register while the container finishes booting.
		Eventually.until("feature:install dinfra-reactor-http to run", TIMEOUT, () -> installFeature());
		execute("config:edit --factory --alias python org.dinfra.reactor.http",
				"config:property-set url http://127.0.0.1:" + port + "/v1",
				"config:property-set token " + TOKEN,
				"config:update");
		Eventually.until("python-file in dinfra:types", TIMEOUT, () -> execute("dinfra:types --no-format"),
				s -> s.contains("python-file"));

		long id = 2001;
		byte[] descriptor = "{\"content\":\"deployed from karaf\"}".getBytes(StandardCharsets.UTF_8);
		Cid cid = Cid.of(descriptor);
		Path content = data("dinfra/content");
		Files.createDirectories(content);
		Files.write(content.resolve(cid.toString()), descriptor);
		Path assignments = data("dinfra/assignments");
		Files.createDirectories(assignments);
		Files.writeString(assignments.resolve(id + ".tmp"),
				"{\"type\":\"python-file\",\"descriptor\":\"" + cid + "\",\"consumer\":\"itest\"}");
		Files.move(assignments.resolve(id + ".tmp"), assignments.resolve(id + ".json"));
		Eventually.until("deployment " + id + " running", TIMEOUT, () -> deployments.get(id).orElse(null),
				d -> d != null && d.state() == DeploymentState.RUNNING);
		assertTrue(Files.readString(state.resolve(id + ".content")).contains("deployed from karaf"));

		Files.delete(assignments.resolve(id + ".json"));
		Eventually.until("deployment " + id + " terminated", TIMEOUT, () -> deployments.get(id).orElse(null),
				d -> d != null && d.state() == DeploymentState.TERMINATED);
		assertFalse(Files.exists(state.resolve(id + ".json")));

		String listed = execute("config:list '(service.factoryPid=org.dinfra.reactor.http)'");
		Matcher pid = Pattern.compile("Pid:\\s+(org\\.dinfra\\.reactor\\.http\\.\\S+)").matcher(listed);
		assertTrue(listed, pid.find());
		execute("config:delete " + pid.group(1));
		Eventually.until("python-file to disappear", TIMEOUT, () -> execute("dinfra:types --no-format"),
				s -> !s.contains("python-file"));
	}

	private String execute(String... lines) throws Exception {
		return new Console(sessions).execute(lines);
	}
}
