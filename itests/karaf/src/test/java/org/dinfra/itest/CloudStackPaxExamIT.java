package org.dinfra.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Deployments;
import org.dinfra.core.api.DescriptorTypes;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.reactor.cloudstack.testing.FakeCloudStack;
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
 * The CloudStack reactor in the real distribution, against {@link FakeCloudStack}: a FAKE
 * CloudStack API server (no CloudStack simulator can run here) that verifies every request's
 * signature as CloudStack does. The fake runs in the test driver's JVM on 127.0.0.1; the
 * container gets its URL through {@code etc/org.dinfra.reactor.cloudstack.cfg} and reads the
 * fake's state from {@code /fake/state}. The feature is installed from the console at run time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class CloudStackPaxExamIT {
	private static final Duration TIMEOUT = Duration.ofSeconds(90);
	private static final String TYPE = "cloudstack-vm";
	/** //Alice as an ed25519 account: the consumer whose SSH key logs into the VM. */
	private static final String ALICE = "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu";
	private static final String DESCRIPTOR = "{\"zone\":\"zone1\",\"serviceOffering\":\"Small Instance\","
			+ "\"template\":\"Debian 12\",\"networks\":[\"dinfra-net\"],"
			+ "\"userData\":\"#cloud-config\\nruncmd:\\n  - echo dinfra > /tmp/dinfra\\n\"}";

	@Inject
	DescriptorTypes types;

	@Inject
	Deployments deployments;

	@Inject
	SessionFactory sessions;

	@Configuration
	public Option[] config() throws IOException {
		String url = Fake.url();
		String cfg = "etc/org.dinfra.reactor.cloudstack.cfg";
		return KarafOptions.distribution(
				editConfigurationFilePut(cfg, "endpoint", url),
				editConfigurationFilePut(cfg, "apiKey", "itest-api-key"),
				editConfigurationFilePut(cfg, "secretKey", "itest-secret-key"),
				editConfigurationFilePut(cfg, "providerId", "itest"),
				editConfigurationFilePut(cfg, "pollIntervalMs", "100"),
				editConfigurationFilePut(cfg, "asyncJobTimeoutSeconds", "30"),
				editConfigurationFilePut(cfg, "runningTimeoutSeconds", "30"),
				systemProperty("dinfra.itest.cloudstack.state").value(url.replace("/client/api", "/fake/state")));
	}

	/**
	 * Driver side only: the fake, started once and stopped when the driver's JVM ends. A class of
	 * its own, so that nothing the probe reflects on in the container names FakeCloudStack, whose
	 * classes are on the driver's class path only.
	 */
	static final class Fake {
		private static FakeCloudStack fake;

		private Fake() {
		}

		static synchronized String url() throws IOException {
			if (fake == null) {
				FakeCloudStack started = FakeCloudStack.start("itest-api-key", "itest-secret-key");
				Runtime.getRuntime().addShutdownHook(new Thread(started::close, "fake-cloudstack-stop"));
				fake = started;
			}
			return fake.url();
		}
	}

	// ---- fixtures (in the container) ------------------------------------------------------------

	private static Path data(String name) {
		return Path.of(System.getProperty("karaf.data"), name);
	}

	private static void assign(long id, String json, String consumer) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		Cid cid = Cid.of(bytes);
		Path content = data("dinfra/content");
		Files.createDirectories(content);
		Files.write(content.resolve(cid.toString()), bytes);
		Path dir = data("dinfra/assignments");
		Files.createDirectories(dir);
		Files.writeString(dir.resolve(id + ".tmp"),
				"{\"type\":\"" + TYPE + "\",\"descriptor\":\"" + cid + "\",\"consumer\":\"" + consumer + "\"}");
		Files.move(dir.resolve(id + ".tmp"), dir.resolve(id + ".json"));
	}

	/** @return the fake's VMs, volumes and key pairs, one per line ({@code vm <name> <state> keypair=<k>}) */
	private static List<String> fakeState() throws IOException {
		HttpURLConnection c = (HttpURLConnection) URI.create(System.getProperty("dinfra.itest.cloudstack.state")).toURL()
				.openConnection();
		try (InputStream in = c.getInputStream()) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return text.isEmpty() ? List.of() : List.of(text.split("\n"));
		} finally {
			c.disconnect();
		}
	}

	private Deployment awaitState(long id, DeploymentState state) throws Exception {
		return Eventually.until("deployment " + id + " " + state, TIMEOUT, () -> deployments.get(id).orElse(null),
				d -> d != null && d.state() == state);
	}

	private void installFeature() throws Exception {
		if (types.type(TYPE).isEmpty()) {
			// the console's feature commands register a moment after boot
			Eventually.until("feature:install to run", TIMEOUT, () -> {
				try {
					execute("feature:install dinfra-reactor-cloudstack");
					return true;
				} catch (Exception e) {
					if (e.getClass().getSimpleName().equals("CommandNotFoundException")) {
						return false;
					}
					throw e;
				}
			});
		}
		Eventually.until("type " + TYPE + " served", TIMEOUT, () -> types.type(TYPE).isPresent());
	}

	// ---- tests ----------------------------------------------------------------------------------

	@Test
	public void a_featureInstalledAtRunTimeWithItsConfigurationServesTheType() throws Exception {
		assertTrue("not installed at boot", types.type(TYPE).isEmpty());
		installFeature();
		String out = execute("dinfra:types --no-format");
		assertTrue(out, out.contains(TYPE));
		String cfg = Files.readString(Path.of(System.getProperty("karaf.etc"), "org.dinfra.reactor.cloudstack.cfg"));
		assertTrue("the test's configuration, not the feature's default", cfg.contains("itest-api-key"));
	}

	@Test
	public void b_assignedVmRunsWithItsSshEndpointAndRemovingTheAssignmentExpungesIt() throws Exception {
		installFeature();
		long id = 7001;
		assign(id, DESCRIPTOR, ALICE);
		Deployment running = awaitState(id, DeploymentState.RUNNING);
		assertEquals(running.endpoints().toString(), 1, running.endpoints().size());
		assertEquals("ssh", running.endpoints().get(0).name());
		assertTrue(running.endpoints().toString(), running.endpoints().get(0).uri().matches("ssh://10\\.1\\.1\\.\\d+:22"));
		List<String> state = fakeState();
		assertTrue(state.toString(), state.contains("vm dinfra-" + id + " Running keypair=dinfra-" + ALICE));
		assertTrue(state.toString(), state.contains("keypair dinfra-" + ALICE));

		Files.delete(data("dinfra/assignments").resolve(id + ".json"));
		awaitState(id, DeploymentState.TERMINATED);
		List<String> after = fakeState();
		assertFalse("the VM is expunged: " + after, after.stream().anyMatch(l -> l.startsWith("vm dinfra-" + id + " ")));
		assertFalse("the key pair is unused and removed: " + after, after.contains("keypair dinfra-" + ALICE));
	}

	@Test
	public void c_aConsumerWithoutAnEd25519AccountFailsWithBadParametersAndCreatesNoVm() throws Exception {
		installFeature();
		long id = 7002;
		assign(id, DESCRIPTOR, "itest");
		Deployment failed = awaitState(id, DeploymentState.FAILED);
		assertEquals(ReasonCode.BAD_PARAMETERS, failed.reason().code());
		assertTrue(failed.reason().message(), failed.reason().message().contains("ed25519 account"));
		assertFalse(fakeState().stream().anyMatch(l -> l.startsWith("vm dinfra-" + id + " ")));
	}

	private String execute(String command) throws Exception {
		return new Console(sessions).execute(command);
	}
}
