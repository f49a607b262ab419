package org.dinfra.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Deployments;
import org.dinfra.core.api.DescriptorTypes;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The agent in the real distribution: boot, hot plug of a reactor bundle, schema and policy
 * refusals, CID verification, teardown on removal. Assignments come from the directory source,
 * descriptors from the local content store, both in the container's data directory.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class AgentPaxExamIT {
	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@Inject
	BundleContext context;

	@Inject
	DescriptorTypes types;

	@Inject
	Deployments deployments;

	@Inject
	SessionFactory sessions;

	@Configuration
	public Option[] config() {
		return KarafOptions.distribution();
	}

	// ---- fixtures -------------------------------------------------------------------------------

	private static Path data(String name) {
		return Path.of(System.getProperty("karaf.data"), name);
	}

	private static Path reactorState() {
		return data("dinfra-itest-reactor");
	}

	/** Stores a descriptor in the local content store and returns its CID. */
	private static Cid store(String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		Cid cid = Cid.of(bytes);
		Path dir = data("dinfra/content");
		Files.createDirectories(dir);
		Files.write(dir.resolve(cid.toString()), bytes);
		return cid;
	}

	private static void assign(long id, String type, Cid cid) throws IOException {
		Path dir = data("dinfra/assignments");
		Files.createDirectories(dir);
		Path tmp = dir.resolve(id + ".tmp");
		Files.writeString(tmp, "{\"type\":\"" + type + "\",\"descriptor\":\"" + cid + "\",\"consumer\":\"itest\"}");
		Files.move(tmp, dir.resolve(id + ".json"));
	}

	private static void unassign(long id) throws IOException {
		Files.delete(data("dinfra/assignments").resolve(id + ".json"));
	}

	private static List<String> calls() throws IOException {
		Path log = reactorState().resolve("calls.log");
		return Files.exists(log) ? Files.readAllLines(log) : List.of();
	}

	private static long count(String call) throws IOException {
		return calls().stream().filter(call::equals).count();
	}

	private Optional<Bundle> testReactor() {
		return Arrays.stream(context.getBundles()).filter(b -> "org.dinfra.itest.reactor".equals(b.getSymbolicName()))
				.findFirst();
	}

	private Bundle installTestReactor() throws Exception {
		Optional<Bundle> existing = testReactor();
		if (existing.isPresent()) {
			return existing.get();
		}
		Bundle b = context.installBundle("file:" + System.getProperty("dinfra.itest.reactor"));
		b.start();
		return b;
	}

	private void uninstallTestReactor() throws Exception {
		Optional<Bundle> existing = testReactor();
		if (existing.isPresent()) {
			existing.get().uninstall();
		}
	}

	private Deployment awaitState(long id, DeploymentState state) throws Exception {
		return Eventually.until("deployment " + id + " " + state, TIMEOUT, () -> deployments.get(id).orElse(null),
				d -> d != null && d.state() == state);
	}

	// ---- tests ----------------------------------------------------------------------------------

	@Test
	public void a_distributionBootsWithCoreActive() throws Exception {
		Bundle core = Arrays.stream(context.getBundles()).filter(b -> "org.dinfra.core".equals(b.getSymbolicName()))
				.findFirst().orElseThrow();
		assertEquals(Bundle.ACTIVE, core.getState());
		assertNotNull(types);
		assertNotNull(deployments);
		String out = execute("dinfra:types");
		assertTrue(out, out.contains("Type"));
	}

	@Test
	public void b_hotPluggedReactorDeploysWaitingAssignmentOnceAndLeavesItRunningWhenRemoved() throws Exception {
		uninstallTestReactor();
		long id = 1001;
		assign(id, "test-file", store("{\"message\":\"hot plug\"}"));
		Deployment waiting = awaitState(id, DeploymentState.ASSIGNED);
		Eventually.until("a reason on " + id, TIMEOUT, () -> deployments.get(id).map(d -> d.reason() != null).orElse(false));
		waiting = deployments.get(id).orElseThrow();
		assertEquals(ReasonCode.REACTOR_UNAVAILABLE, waiting.reason().code());
		assertFalse(waiting.reactorAvailable());

		Bundle reactor = installTestReactor();
		Eventually.until("test-file in dinfra:types", TIMEOUT, () -> execute("dinfra:types --no-format"),
				s -> s.contains("test-file"));
		awaitState(id, DeploymentState.RUNNING);
		assertTrue(Files.exists(reactorState().resolve(id + ".json")));
		assertEquals(1, count("created " + id));

		reactor.uninstall();
		Eventually.until("test-file to disappear", TIMEOUT, () -> types.type("test-file").isEmpty());
		assertFalse(execute("dinfra:types --no-format").contains("test-file"));
		Eventually.until("reactor unavailable on " + id, TIMEOUT, () -> !deployments.get(id).orElseThrow().reactorAvailable());
		assertEquals(DeploymentState.RUNNING, deployments.get(id).orElseThrow().state());
		assertTrue("nothing is torn down when the reactor goes away", Files.exists(reactorState().resolve(id + ".json")));
		assertEquals(0, count("teardown " + id));

		installTestReactor();
		Eventually.until("reactor available on " + id, TIMEOUT, () -> deployments.get(id).orElseThrow().reactorAvailable());
		awaitState(id, DeploymentState.RUNNING);
		assertEquals("no duplicate after the reactor returns", 1, count("created " + id));
		assertEquals(0, count("teardown " + id));
		String status = Files.readString(data("dinfra/status").resolve(id + ".json"));
		assertTrue(status, status.contains("\"RUNNING\""));
	}

	@Test
	public void c_schemaInvalidDescriptorFailsWithPointersAndDeploysNothing() throws Exception {
		installTestReactor();
		long id = 1002;
		assign(id, "test-file", store("{\"message\":5,\"colour\":\"red\"}"));
		Deployment failed = awaitState(id, DeploymentState.FAILED);
		assertEquals(ReasonCode.SCHEMA_INVALID, failed.reason().code());
		List<String> details = failed.reason().details();
		assertTrue(details.toString(), details.stream().anyMatch(d -> d.startsWith("/message:")));
		assertTrue(details.toString(), details.stream().anyMatch(d -> d.startsWith("/colour:")));
		assertFalse(calls().stream().anyMatch(c -> c.endsWith(" " + id)));
		String status = Files.readString(data("dinfra/status").resolve(id + ".json"));
		assertTrue(status, status.contains("SCHEMA_INVALID") && status.contains("/message"));
		String shown = execute("dinfra:deployment " + id);
		assertTrue(shown, shown.contains("/colour"));
	}

	@Test
	public void d_descriptorWhoseBytesDoNotMatchItsCidIsRefused() throws Exception {
		installTestReactor();
		long id = 1003;
		Cid cid = Cid.of("{\"message\":\"genuine\"}".getBytes(StandardCharsets.UTF_8));
		Path dir = data("dinfra/content");
		Files.createDirectories(dir);
		Files.writeString(dir.resolve(cid.toString()), "{\"message\":\"tampered\"}");
		assign(id, "test-file", cid);
		Deployment failed = awaitState(id, DeploymentState.FAILED);
		assertEquals(ReasonCode.DESCRIPTOR_CID_MISMATCH, failed.reason().code());
		assertFalse(calls().stream().anyMatch(c -> c.endsWith(" " + id)));
	}

	@Test
	public void e_policyViolationFailsAndDeploysNothing() throws Exception {
		installTestReactor();
		long id = 1004;
		assign(id, "test-file", store("{\"message\":\"no\",\"forbidden\":true}"));
		Deployment failed = awaitState(id, DeploymentState.FAILED);
		assertEquals(ReasonCode.POLICY_VIOLATION, failed.reason().code());
		assertTrue(failed.reason().details().toString(),
				failed.reason().details().contains("/forbidden: the provider does not allow forbidden deployments"));
		assertFalse(calls().stream().anyMatch(c -> c.endsWith(" " + id)));
	}

	@Test
	public void f_removingTheAssignmentFileTearsTheDeploymentDown() throws Exception {
		installTestReactor();
		long id = 1005;
		assign(id, "test-file", store("{\"message\":\"short lived\"}"));
		awaitState(id, DeploymentState.RUNNING);
		unassign(id);
		awaitState(id, DeploymentState.TERMINATED);
		assertFalse(Files.exists(reactorState().resolve(id + ".json")));
		assertEquals(1, count("teardown " + id));
		String status = Files.readString(data("dinfra/status").resolve(id + ".json"));
		assertTrue(status, status.contains("TERMINATED"));
	}

	@Test
	public void g_keysFeatureInstallsFromTheConsoleAndDerivesTheDevAccount() throws Exception {
		execute("feature:install dinfra-keys");
		Eventually.until("dinfra:key-inspect", TIMEOUT, () -> execute("dinfra:key-inspect --json \"//Alice\""),
				out -> out.contains("publicKey"));
		String out = execute("dinfra:key-inspect --json \"//Alice\"");
		// @polkadot/keyring (ed25519) for //Alice, from the committed keys vectors
		assertTrue(out, out.contains("0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee"));
		assertTrue(out, out.contains("ssh-ed25519 AAAA"));
	}

	private String execute(String command) throws Exception {
		return new Console(sessions).execute(command);
	}
}
