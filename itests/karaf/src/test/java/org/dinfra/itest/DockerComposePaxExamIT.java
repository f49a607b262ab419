package org.dinfra.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Deployments;
import org.dinfra.core.api.DescriptorTypes;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.ReasonCode;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The docker-compose reactor in the real distribution, against the real Docker engine that
 * DOCKER_HOST names: the feature installs from the console at run time, a descriptor serving
 * HTTP on a port published on 127.0.0.1 deploys and answers, and removing the assignment leaves
 * nothing of the project on the engine.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DockerComposePaxExamIT {
	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	@Inject
	DescriptorTypes types;

	@Inject
	Deployments deployments;

	@Inject
	SessionFactory sessions;

	@Configuration
	public Option[] config() {
		String host = Docker.requireHost();
		String provider = "itest-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
		String cfg = "etc/org.dinfra.reactor.dockercompose.cfg";
		return KarafOptions.distribution(
				editConfigurationFilePut(cfg, "dockerHost", host),
				editConfigurationFilePut(cfg, "providerId", provider),
				editConfigurationFilePut(cfg, "allowedImagePrefixes", "docker.io/library/, dinfra/"),
				editConfigurationFilePut(cfg, "stopTimeoutSeconds", "1"),
				systemProperty("dinfra.itest.docker.host").value(host),
				systemProperty("dinfra.itest.docker.provider").value(provider));
	}

	private static String host() {
		return System.getProperty("dinfra.itest.docker.host");
	}

	private static String provider() {
		return System.getProperty("dinfra.itest.docker.provider");
	}

	private static Path data(String name) {
		return Path.of(System.getProperty("karaf.data"), name);
	}

	private static void assign(long id, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		Cid cid = Cid.of(bytes);
		Path content = data("dinfra/content");
		Files.createDirectories(content);
		Files.write(content.resolve(cid.toString()), bytes);
		Path dir = data("dinfra/assignments");
		Files.createDirectories(dir);
		Files.writeString(dir.resolve(id + ".tmp"),
				"{\"type\":\"docker-compose\",\"descriptor\":\"" + cid + "\",\"consumer\":\"itest\"}");
		Files.move(dir.resolve(id + ".tmp"), dir.resolve(id + ".json"));
	}

	private Deployment awaitState(long id, DeploymentState state) throws Exception {
		return Eventually.until("deployment " + id + " " + state, TIMEOUT, () -> deployments.get(id).orElse(null),
				d -> d != null && d.state() == state);
	}

	private void installFeature() throws Exception {
		if (types.type("docker-compose").isEmpty()) {
			// the console's feature commands register a moment after boot
			Eventually.until("feature:install to run", TIMEOUT, () -> {
				try {
					execute("feature:install dinfra-reactor-dockercompose");
					return true;
				} catch (Exception e) {
					if (e.getClass().getSimpleName().equals("CommandNotFoundException")) {
						return false;
					}
					throw e;
				}
			});
		}
		Eventually.until("type docker-compose served", TIMEOUT, () -> types.type("docker-compose").isPresent());
	}

	@Test
	public void a_featureInstalledFromTheConsoleServesTheType() throws Exception {
		assertTrue("not installed at boot", types.type("docker-compose").isEmpty());
		installFeature();
		String out = execute("dinfra:types --no-format");
		assertTrue(out, out.contains("docker-compose"));
		assertTrue(Files.exists(Path.of(System.getProperty("karaf.etc"), "org.dinfra.reactor.dockercompose.cfg")));
	}

	@Test
	public void b_deploymentServesHttpOnLoopbackAndTeardownLeavesNothingOfTheProject() throws Exception {
		installFeature();
		long id = 3_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
		int port = Docker.freePublishPort();
		try {
			assign(id, Docker.webDescriptor(port, 0));
			Deployment running = awaitState(id, DeploymentState.RUNNING);
			assertEquals(List.of(new Endpoint("web:8080/tcp", "tcp://127.0.0.1:" + port)), running.endpoints());
			assertEquals("dinfra busybox test image\n", Docker.get("http://127.0.0.1:" + port + "/"));
			assertEquals(1, Docker.containers(host(), provider(), id).size());

			Files.delete(data("dinfra/assignments").resolve(id + ".json"));
			awaitState(id, DeploymentState.TERMINATED);
			assertEquals(List.of(), Docker.leftovers(host(), id));
			assertFalse(Files.exists(data("dinfra/reactor-dockercompose/" + id)));
			assertEquals(null, Docker.get("http://127.0.0.1:" + port + "/"));
		} finally {
			Docker.removeProvider(host(), provider());
		}
	}

	@Test
	public void c_policyViolationFailsWithEveryViolationAndStartsNothing() throws Exception {
		installFeature();
		long id = 4_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
		assign(id, "{\"services\": {\"app\": {\"image\": \"evil.example.com/miner:1\", \"ports\": [\"0.0.0.0:20080:80\"],"
				+ " \"volumes\": [\"/:/host\"]}}}");
		Deployment failed = awaitState(id, DeploymentState.FAILED);
		assertEquals(ReasonCode.POLICY_VIOLATION, failed.reason().code());
		List<String> details = failed.reason().details();
		assertEquals(details.toString(), 3, details.size());
		assertTrue(details.toString(), details.get(0).startsWith("/services/app/image:"));
		assertTrue(details.toString(), details.get(1).startsWith("/services/app/ports/0:"));
		assertTrue(details.toString(), details.get(2).startsWith("/services/app/volumes/0:"));
		assertEquals(List.of(), Docker.leftovers(host(), id));
	}

	private String execute(String command) throws Exception {
		return new Console(sessions).execute(command);
	}
}
