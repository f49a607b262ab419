package org.dinfra.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.dinfra.core.api.Cid;
import org.junit.After;
import org.junit.Test;

/**
 * Kills the agent with SIGKILL while the docker-compose reactor waits for a deployment to become
 * healthy, and starts it again: afterwards there is exactly one Compose project for the
 * deployment, the same container as before (adopted, not created again), and it serves.
 */
public class DockerComposeCrashIT {
	private static final Duration BOOT = Duration.ofSeconds(180);
	private KarafProcess karaf;
	private String host;
	private String provider;

	@After
	public void stop() throws InterruptedException {
		if (karaf != null) {
			karaf.close();
		}
		if (host != null) {
			Docker.removeProvider(host, provider);
		}
	}

	private String status(long id) throws IOException {
		Path file = karaf.data().resolve("dinfra/status/" + id + ".json");
		return Files.exists(file) ? Files.readString(file) : "";
	}

	private void assign(long id, String json) throws IOException {
		byte[] descriptor = json.getBytes(StandardCharsets.UTF_8);
		Cid cid = Cid.of(descriptor);
		Path content = karaf.data().resolve("dinfra/content");
		Files.createDirectories(content);
		Files.write(content.resolve(cid.toString()), descriptor);
		Path assignments = karaf.data().resolve("dinfra/assignments");
		Files.createDirectories(assignments);
		Files.writeString(assignments.resolve(id + ".tmp"), "{\"type\":\"docker-compose\",\"descriptor\":\"" + cid + "\"}");
		Files.move(assignments.resolve(id + ".tmp"), assignments.resolve(id + ".json"));
	}

	@Test
	public void killedWhileWaitingForHealthTheAgentAdoptsTheProjectAndCreatesNoSecond() throws Exception {
		host = Docker.requireHost();
		provider = "itest-crash-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
		karaf = KarafProcess.unpack(Path.of(KarafOptions.artifact("dinfra.distro.zip")),
				Path.of(System.getProperty("dinfra.it.dir", "target/it"), "crash-docker"));
		karaf.config("org.dinfra.source.directory", "scanIntervalMs", "200");
		karaf.config("org.dinfra.core", "minBackoffMs", "200");
		karaf.config("org.dinfra.core", "resyncSeconds", "2");
		String pid = "org.dinfra.reactor.dockercompose";
		karaf.config(pid, "dockerHost", host);
		karaf.config(pid, "providerId", provider);
		karaf.config(pid, "allowedImagePrefixes", "dinfra/");
		karaf.config(pid, "stopTimeoutSeconds", "1");
		karaf.serve("docker-compose");
		long id = 5_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
		int port = Docker.freePublishPort();
		// healthy only after 25 s: the deploy still waits when the agent is killed, and after the restart
		assign(id, Docker.webDescriptor(port, 25));

		karaf.start();
		await().atMost(BOOT).pollInterval(Duration.ofMillis(200))
				.until(() -> !Docker.containers(host, provider, id).isEmpty());
		List<String> before = Docker.containers(host, provider, id);
		karaf.kill();
		assertFalse("killed before the deployment ran", status(id).contains("\"RUNNING\""));

		karaf.start();
		await().atMost(BOOT).until(() -> status(id).contains("\"RUNNING\""));
		assertEquals("the same single container: adopted", before, Docker.containers(host, provider, id));
		assertEquals("exactly one project", 1,
				Docker.run(host, "ps", "-a", "-q", "--filter", "label=com.docker.compose.project=dinfra-" + id).size());
		assertEquals("dinfra busybox test image\n", Docker.get("http://127.0.0.1:" + port + "/"));

		Files.delete(karaf.data().resolve("dinfra/assignments/" + id + ".json"));
		await().atMost(BOOT).until(() -> status(id).contains("\"TERMINATED\""));
		assertEquals(List.of(), Docker.leftovers(host, id));
		assertTrue(karaf.agentActivations() >= 2);
	}
}
