package org.dinfra.reactor.dockercompose.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.ReasonCode;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reactor against the real Docker engine that DOCKER_HOST names (scripts/test.sh starts one):
 * deploy, serve, adopt, tear down, fail, refuse. Each test uses its own provider id, so that
 * nothing else on the engine is seen or touched.
 */
public class DockerComposeReactorTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private String provider;
	private Path data;
	private final List<DockerComposeReactor> reactors = new ArrayList<>();
	private final List<Long> deployed = new ArrayList<>();

	@Before
	public void engine() throws IOException {
		Engine.require();
		provider = "test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
		data = tmp.newFolder("data").toPath();
	}

	@After
	public void cleanUp() {
		DockerComposeReactor cleaner = null;
		try {
			cleaner = reactor(Map.of());
			for (long id : deployed) {
				cleaner.teardown(id);
			}
		} catch (Exception e) {
			throw new AssertionError("cleanup failed", e);
		} finally {
			reactors.forEach(DockerComposeReactor::deactivate);
		}
	}

	private DockerComposeReactor reactor(Map<String, Object> overrides) throws IOException {
		Map<String, Object> config = new HashMap<>(Map.of("providerId", provider, "dataDir", data.toString(),
				"allowedImagePrefixes", "docker.io/library/, dinfra/", "readyTimeoutSeconds", 60, "stopTimeoutSeconds", 1));
		String compose = System.getenv("DINFRA_COMPOSE_COMMAND");
		if (compose != null && !compose.isBlank()) {
			// e.g. a Compose v2 binary, to run these tests with it instead of the one found
			config.put("composeCommand", compose);
		}
		config.putAll(overrides);
		DockerComposeReactor r = new DockerComposeReactor(Configs.config(config));
		reactors.add(r);
		return r;
	}

	private long newId() {
		long id = 1_000_000 + ThreadLocalRandom.current().nextLong(1_000_000_000L);
		deployed.add(id);
		return id;
	}

	private static DeploymentRequest request(long id, String descriptor) {
		return new DeploymentRequest(id, "docker-compose", Cid.of(descriptor.getBytes()), descriptor, "consumer");
	}

	private List<String> containers(long id) {
		return Engine.lines("ps", "-a", "-q", "--filter", "label=org.dinfra.provider=" + provider, "--filter",
				"label=org.dinfra.subscription=" + id);
	}

	private static String get(String url) throws Exception {
		HttpResponse<String> r = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertEquals(200, r.statusCode());
		return r.body();
	}

	@Test
	public void deployServesOnTheLoopbackPortIsIdempotentAndTeardownLeavesNothing() throws Exception {
		DockerComposeReactor reactor = reactor(Map.of());
		long id = newId();
		int port = Engine.freePublishPort();
		String descriptor = Descriptors.web(port, ", \"volumes\": [\"www:/data\"]").replace("}}}", "}}, \"volumes\": {\"www\": {}}}");
		ReactorStatus status = reactor.deploy(request(id, descriptor));

		assertEquals(DeploymentState.RUNNING, status.state());
		assertEquals(List.of(new Endpoint("web:8080/tcp", "tcp://127.0.0.1:" + port)), status.endpoints());
		assertEquals("dinfra busybox test image\n", get("http://127.0.0.1:" + port + "/"));
		List<String> ids = containers(id);
		assertEquals(1, ids.size());
		String inspect = Engine.lines("inspect", "--format",
				"{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.HostConfig.PidsLimit}} {{index .Config.Labels \"com.docker.compose.project\"}} {{.State.Health.Status}}",
				ids.get(0)).get(0);
		assertEquals("500000000 268435456 1024 dinfra-" + id + " healthy", inspect);

		assertEquals("a second deploy changes nothing", status, reactor.deploy(request(id, descriptor)));
		assertEquals(ids, containers(id));
		assertEquals(Optional.of(status), reactor.status(id));
		assertTrue(reactor.inventory().contains(status));
		String log = Files.readString(reactor.deploymentDir(id).resolve("deployment.log"));
		assertTrue(log, log.contains(" up -d --remove-orphans"));

		reactor.teardown(id);
		assertEquals(List.of(), containers(id));
		assertEquals(List.of(), Engine.lines("network", "ls", "-q", "--filter", "label=com.docker.compose.project=dinfra-" + id));
		assertEquals(List.of(), Engine.lines("volume", "ls", "-q", "--filter", "label=com.docker.compose.project=dinfra-" + id));
		assertFalse(Files.exists(reactor.deploymentDir(id)));
		assertTrue("the log is kept", Files.readString(data.resolve("logs/" + id + ".log")).contains(" down -v --remove-orphans"));
		assertEquals(Optional.empty(), reactor.status(id));
		assertFalse(reactor.inventory().stream().anyMatch(s -> s.id() == id));
		reactor.teardown(id);
	}

	@Test
	public void afterARestartARunningProjectIsInTheInventoryAndAdoptedNotStartedAgain() throws Exception {
		DockerComposeReactor before = reactor(Map.of());
		long id = newId();
		String descriptor = Descriptors.web(Engine.freePublishPort(), "");
		before.deploy(request(id, descriptor));
		List<String> ids = containers(id);
		before.deactivate();

		DockerComposeReactor after = reactor(Map.of());
		List<ReactorStatus> inventory = after.inventory();
		assertEquals(1, inventory.stream().filter(s -> s.id() == id && s.state() == DeploymentState.RUNNING).count());
		assertEquals(DeploymentState.RUNNING, after.deploy(request(id, descriptor)).state());
		assertEquals("the same container: adopted", ids, containers(id));
		String log = Files.readString(after.deploymentDir(id).resolve("deployment.log"));
		assertEquals("compose up ran once", 1, log.split(" up -d ", -1).length - 1);
	}

	@Test
	public void containersWithoutOurProviderLabelAreNotInTheInventory() throws Exception {
		long id = newId();
		reactor(Map.of()).deploy(request(id, Descriptors.web(Engine.freePublishPort(), "")));
		String otherProvider = provider + "-other";
		DockerComposeReactor other = reactor(Map.of("providerId", otherProvider, "dataDir", tmp.newFolder("other").toString()));
		assertFalse(other.inventory().stream().anyMatch(s -> s.id() == id));
		other.teardown(id);
		assertEquals("another provider's teardown leaves it alone", 1, containers(id).size());
	}

	@Test
	public void teardownOfUnknownDeploymentIsANoOp() throws Exception {
		DockerComposeReactor reactor = reactor(Map.of());
		long id = newId();
		reactor.teardown(id);
		assertFalse(Files.exists(reactor.deploymentDir(id)));
		assertEquals(Optional.empty(), reactor.status(id));
	}

	@Test
	public void aServiceThatStopsFailsTheDeploymentPermanently() throws Exception {
		DockerComposeReactor reactor = reactor(Map.of());
		long id = newId();
		String descriptor = """
				{"services": {"job": {"image": "%s", "command": ["sh", "-c", "echo giving up; exit 3"]}}}
				""".formatted(Engine.TEST_IMAGE);
		try {
			reactor.deploy(request(id, descriptor));
			fail("deployed");
		} catch (ReactorException e) {
			assertFalse(e.isTransient());
			assertEquals(ReasonCode.DEPLOY_FAILED, e.reason().code());
			assertTrue(e.getMessage(), e.reason().message().startsWith("service job stopped: Exited (3)"));
		}
		assertTrue(Files.readString(reactor.deploymentDir(id).resolve("deployment.log")).contains("giving up"));
		assertEquals(DeploymentState.FAILED, reactor.status(id).orElseThrow().state());
		reactor.teardown(id);
		assertEquals(List.of(), containers(id));
	}

	@Test
	public void aPortTakenByAnotherDeploymentFailsWithNoCapacity() throws Exception {
		DockerComposeReactor reactor = reactor(Map.of());
		String descriptor = Descriptors.web(Engine.freePublishPort(), "");
		reactor.deploy(request(newId(), descriptor));
		long second = newId();
		try {
			reactor.deploy(request(second, descriptor));
			fail("deployed twice on one port");
		} catch (ReactorException e) {
			assertFalse(e.isTransient());
			assertEquals(e.getMessage(), ReasonCode.NO_CAPACITY, e.reason().code());
		}
	}

	@Test
	public void deployReturnsOnlyOnceTheHealthCheckPasses() throws Exception {
		DockerComposeReactor reactor = reactor(Map.of());
		long id = newId();
		int port = Engine.freePublishPort();
		String descriptor = """
				{"services": {"slow": {"image": "%s", "ports": ["%d:8080"],
				  "command": ["sh", "-c", "sleep 3; exec httpd -f -p 8080 -h /www"],
				  "healthcheck": {"test": ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"], "interval": "1s", "retries": 30}}}}
				""".formatted(Engine.TEST_IMAGE, port);
		long start = System.nanoTime();
		assertEquals(DeploymentState.RUNNING, reactor.deploy(request(id, descriptor)).state());
		assertTrue(System.nanoTime() - start > TimeUnit.SECONDS.toNanos(3));
		assertEquals("healthy", Engine.lines("inspect", "--format", "{{.State.Health.Status}}", containers(id).get(0)).get(0));
		assertEquals("dinfra busybox test image\n", get("http://127.0.0.1:" + port + "/"));
	}

	@Test
	public void concurrentDeploysOfOneIdGiveOneProject() throws Exception {
		DockerComposeReactor reactor = reactor(Map.of());
		long id = newId();
		String descriptor = Descriptors.web(Engine.freePublishPort(), "");
		List<CompletableFuture<ReactorStatus>> calls = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			calls.add(CompletableFuture.supplyAsync(() -> {
				try {
					return reactor.deploy(request(id, descriptor));
				} catch (ReactorException e) {
					throw new AssertionError(e);
				}
			}));
		}
		for (CompletableFuture<ReactorStatus> c : calls) {
			assertEquals(DeploymentState.RUNNING, c.get(120, TimeUnit.SECONDS).state());
		}
		assertEquals(1, containers(id).size());
		assertEquals("no lock is kept once the calls return", 0, reactor.locksInUse());
		reactor.teardown(id);
		assertEquals(0, reactor.locksInUse());
	}

	@Test
	public void policyViolationsFailTheDeployWithEveryViolationAndStartNothing() throws Exception {
		DockerComposeReactor reactor = reactor(Map.of("allowedImagePrefixes", "docker.io/library/"));
		JsonNode manifest = Descriptors.hostileManifest();
		for (var e : HostileDescriptorsTest.iterable(manifest)) {
			long id = newId();
			try {
				reactor.deploy(request(id, Descriptors.resource("hostile/" + e.getKey())));
				fail(e.getKey() + " deployed");
			} catch (ReactorException x) {
				assertFalse(x.isTransient());
				assertEquals(e.getKey(), ReasonCode.POLICY_VIOLATION, x.reason().code());
				assertEquals(e.getKey(), HostileDescriptorsTest.strings(e.getValue().path("policy")).size(),
						x.reason().details().size());
				assertEquals(x.reason().details(), reactor.check(request(id, Descriptors.resource("hostile/" + e.getKey()))));
			}
			assertFalse(Files.exists(reactor.deploymentDir(id)));
		}
		assertEquals("nothing started", List.of(),
				Engine.lines("ps", "-a", "-q", "--filter", "label=org.dinfra.provider=" + provider));
	}

	@Test
	public void aHungComposeCallIsKilledAtTheTimeoutAndDeactivateLeavesNoProcess() throws Exception {
		Path fake = tmp.getRoot().toPath().resolve("hanging-compose");
		// answers "version" (Compose detection), hangs on anything else
		Files.writeString(fake, "#!/bin/sh\n[ \"$1\" = version ] && { echo 'Docker Compose version hung'; exit 0; }\n"
				+ "echo $$ > \"$0.pid\"\nexec sleep 300\n");
		Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
		DockerComposeReactor reactor = reactor(Map.of("composeCommand", fake.toString(), "commandTimeoutSeconds", 1));
		long id = newId();
		try {
			reactor.deploy(request(id, Descriptors.web(Engine.freePublishPort(), "")));
			fail("deployed");
		} catch (ReactorException e) {
			assertTrue(e.isTransient());
			assertEquals(ReasonCode.TIMEOUT, e.reason().code());
		}
		long pid = Long.parseLong(Files.readString(Path.of(fake + ".pid")).trim());
		assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

		DockerComposeReactor slow = reactor(Map.of("composeCommand", fake.toString(), "commandTimeoutSeconds", 600));
		Files.delete(Path.of(fake + ".pid"));
		CompletableFuture<Object> deploy = CompletableFuture.supplyAsync(() -> {
			try {
				return slow.deploy(request(id, Descriptors.web(Engine.freePublishPort(), "")));
			} catch (ReactorException e) {
				return e;
			}
		});
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
				.until(() -> Files.exists(Path.of(fake + ".pid")) && slow.runningProcesses() > 0);
		pid = Long.parseLong(Files.readString(Path.of(fake + ".pid")).trim());
		slow.deactivate();
		Object result = deploy.get(20, TimeUnit.SECONDS);
		assertTrue(String.valueOf(result), result instanceof ReactorException re && re.isTransient());
		assertEquals(0, slow.runningProcesses());
		assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
	}
}
