package org.dinfra.cli.provision;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AgentProvisioningTest {
	private static final List<String> DISTRIBUTION_BOOT = List.of("instance/4.4.10", "package/4.4.10", "scr/4.4.10", "log/4.4.10",
			"ssh/4.4.10", "dinfra-core/0.1.0.SNAPSHOT", "framework/4.4.10", "system/4.4.10", "feature/4.4.10", "shell/4.4.10",
			"service/4.4.10", "jaas/4.4.10", "dinfra-source-directory/0.1.0.SNAPSHOT", "deployer/4.4.10", "diagnostic/4.4.10",
			"wrap/2.7.0", "bundle/4.4.10", "config/4.4.10", "kar/4.4.10");

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path home;
	private Path etc;
	private AgentProvisioning provisioning;

	@Before
	public void distribution() throws IOException {
		home = TestDistribution.create(tmp.newFolder("agent").toPath());
		etc = home.resolve("etc");
		provisioning = new AgentProvisioning(home);
	}

	private Path keyFile(String mode) throws IOException {
		Path key = etc.resolve("provider.suri");
		Files.writeString(key, "//Bob\n");
		Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
		return key;
	}

	private static Properties load(Path file) throws IOException {
		Properties p = new Properties();
		try (InputStream in = Files.newInputStream(file)) {
			p.load(in);
		}
		return p;
	}

	private List<String> boot() throws IOException {
		String value = load(etc.resolve("org.apache.karaf.features.cfg")).getProperty("featuresBoot");
		return Stream.of(value.split(",")).map(String::strip).toList();
	}

	private Map<Path, String> etcFiles() throws IOException {
		Map<Path, String> files = new HashMap<>();
		try (Stream<Path> s = Files.list(etc)) {
			for (Path f : s.toList()) {
				files.put(f.getFileName(), Files.readString(f) + "@" + Files.getLastModifiedTime(f).toMillis());
			}
		}
		return files;
	}

	private Provisioning provider() throws IOException {
		return Provisioning.NOTHING.withReactors("docker-compose", "dinfra-reactor-http")
				.onChain(ChainProvider.registering("ws://127.0.0.1:9944, ws://10.0.0.2:9944", keyFile("rw-------"))
						.with("pricePerBlock", "2000000000").with("name", "provider one"));
	}

	@Test
	public void chainAndReactorsByTypeOrFeatureNameAreAddedToFeaturesBootAfterTheDistributionsOwn() throws IOException {
		AgentProvisioning.Outcome outcome = provisioning.apply(provider());

		List<String> expected = new ArrayList<>(DISTRIBUTION_BOOT);
		expected.addAll(List.of("dinfra-chain", "dinfra-reactor-dockercompose", "dinfra-reactor-http"));
		assertEquals(expected, boot());
		assertEquals(List.of("dinfra-chain", "dinfra-reactor-dockercompose", "dinfra-reactor-http"), outcome.addedFeatures());
	}

	@Test
	public void featuresBootIsWrittenInKarafsLayoutAndTheRestOfTheFileIsKept() throws IOException {
		Path cfg = etc.resolve("org.apache.karaf.features.cfg");
		List<String> before = Files.readAllLines(cfg);
		provisioning.apply(Provisioning.NOTHING.withReactors("docker-compose", "cloudstack-vm"));
		List<String> after = Files.readAllLines(cfg);

		int last = before.indexOf("    kar/4.4.10");
		assertEquals("the lines before the list's last entry are kept", before.subList(0, last), after.subList(0, last));
		assertEquals(List.of("    kar/4.4.10, \\", "    dinfra-reactor-dockercompose, \\", "    dinfra-reactor-cloudstack"),
				after.subList(last, last + 3));
		assertEquals("the lines after the list are kept", before.subList(last + 1, before.size()), after.subList(last + 3, after.size()));
	}

	@Test
	public void provisioningTwiceLeavesTheFilesAsTheFirstTime() throws IOException {
		Provisioning provider = provider().withStatusBind("127.0.0.1:18181");
		provisioning.apply(provider);
		Map<Path, String> first = etcFiles();

		AgentProvisioning.Outcome again = provisioning.apply(provider);

		assertEquals(List.of(), again.addedFeatures());
		assertEquals(List.of(), again.written());
		assertEquals(first, etcFiles());
	}

	@Test
	public void aFeatureAlreadyBootedIsNotAddedAgainWhateverItsVersion() throws IOException {
		AgentProvisioning.Outcome outcome = provisioning.apply(Provisioning.NOTHING.withFeatures("dinfra-core", "scr", "dinfra-keys"));

		assertEquals(List.of("dinfra-keys"), outcome.addedFeatures());
		assertEquals(1, boot().stream().filter(f -> f.startsWith("dinfra-core")).count());
	}

	@Test
	public void theChainConfigurationStartsFromTheFeaturesDefaultAndKeepsItsOtherKeysAndComments() throws IOException {
		Path key = keyFile("rw-------");
		provisioning.apply(provider());

		Path chain = etc.resolve("org.dinfra.chain.cfg");
		Properties p = load(chain);
		assertEquals("ws://127.0.0.1:9944, ws://10.0.0.2:9944", p.getProperty("endpoints"));
		assertEquals(key.toAbsolutePath().toString(), p.getProperty("providerSecretFile"));
		assertEquals("true", p.getProperty("register"));
		assertEquals("true", p.getProperty("registerTypes"));
		assertEquals("2000000000", p.getProperty("pricePerBlock"));
		assertEquals("provider one", p.getProperty("name"));
		assertEquals("a key not given keeps the default", "10", p.getProperty("capacity"));
		assertEquals("DINFRA_PROVIDER_SURI", p.getProperty("providerSecretEnv"));
		String text = Files.readString(chain);
		assertTrue(text.contains("# Network prefix of the SS58 addresses shown (42: generic Substrate).\nss58Prefix = 42\n"));
		assertTrue(text.startsWith("# DINFRA chain: the feature's default configuration, every key commented.\n"));
	}

	@Test
	public void anExistingChainConfigurationIsEditedNotReplaced() throws IOException {
		Files.writeString(etc.resolve("org.dinfra.chain.cfg"), "# mine\nreportTimeoutSeconds = 20\nendpoints = ws://old:9944\n");
		provisioning.apply(provider());

		Properties p = load(etc.resolve("org.dinfra.chain.cfg"));
		assertEquals("20", p.getProperty("reportTimeoutSeconds"));
		assertEquals("ws://127.0.0.1:9944, ws://10.0.0.2:9944", p.getProperty("endpoints"));
		assertTrue(Files.readString(etc.resolve("org.dinfra.chain.cfg")).startsWith("# mine\n"));
	}

	@Test
	public void withoutAKeyFileTheKeyStaysAsConfigured() throws IOException {
		provisioning.apply(Provisioning.NOTHING.onChain(ChainProvider.registering("ws://chain:9944", null)));

		Properties p = load(etc.resolve("org.dinfra.chain.cfg"));
		assertEquals("", p.getProperty("providerSecretFile"));
		assertEquals("DINFRA_PROVIDER_SURI", p.getProperty("providerSecretEnv"));
		assertEquals("ws://chain:9944", p.getProperty("endpoints"));
	}

	@Test
	public void theFeaturesConfigurationFilesAreCopiedWhenAbsentAndKeptWhenPresent() throws IOException {
		Files.writeString(etc.resolve("org.dinfra.reactor.dockercompose.cfg"), "providerId = mine\n");
		AgentProvisioning.Outcome outcome = provisioning.apply(Provisioning.NOTHING.withReactors("docker-compose", "cloudstack-vm"));

		assertEquals("providerId = mine\n", Files.readString(etc.resolve("org.dinfra.reactor.dockercompose.cfg")));
		assertEquals("# the reactor default\nendpoint =\napiKey =\nsecretKey =\n", Files.readString(etc.resolve("org.dinfra.reactor.cloudstack.cfg")));
		assertTrue(outcome.written().contains(etc.resolve("org.dinfra.reactor.cloudstack.cfg")));
		assertFalse(outcome.written().contains(etc.resolve("org.dinfra.reactor.dockercompose.cfg")));
		assertFalse("the directory source is not a chain agent", Files.exists(etc.resolve("org.dinfra.chain.cfg")));
	}

	@Test
	public void aMistypedFeatureIsAClearErrorAndNothingIsWritten() throws IOException {
		Map<Path, String> before = etcFiles();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> provisioning.apply(Provisioning.NOTHING.withReactors("docker-compose").withFeatures("dinfra-stauts")));

		assertEquals("no feature 'dinfra-stauts' in " + home + " (did you mean dinfra-status?)", e.getMessage());
		assertEquals(before, etcFiles());
	}

	@Test
	public void aMistypedReactorTypeNamesTheTypesTheDistributionServes() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> provisioning.apply(Provisioning.NOTHING.withReactors("docker-compse")));

		assertEquals("no reactor 'docker-compse' in " + home + ": its reactors serve cloudstack-vm (dinfra-reactor-cloudstack), "
				+ "docker-compose (dinfra-reactor-dockercompose); or name a feature (did you mean docker-compose?)", e.getMessage());
	}

	@Test
	public void aTypeTwoFeaturesServeMustBeNamedByFeature() throws IOException {
		TestDistribution.bundle(home.resolve("system"), "dinfra-reactor-http", "schema/docker-compose.schema.json");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> provisioning.apply(Provisioning.NOTHING.withReactors("docker-compose")));

		assertEquals("type 'docker-compose' is served by the features [dinfra-reactor-dockercompose, dinfra-reactor-http]: name one of them",
				e.getMessage());
		provisioning.apply(Provisioning.NOTHING.withReactors("dinfra-reactor-dockercompose"));
	}

	@Test
	public void featuresOfRepositoriesNamedByOthersAreKnown() throws IOException {
		AgentProvisioning.Outcome outcome = provisioning.apply(Provisioning.NOTHING.withFeatures("pax-web-http-whiteboard", "webconsole"));

		assertEquals(List.of("pax-web-http-whiteboard", "webconsole"), outcome.addedFeatures());
	}

	@Test
	public void aKeyFileOthersMayReadIsRefusedBeforeAnythingIsWritten() throws IOException {
		Path key = keyFile("rw-r--r--");
		Map<Path, String> before = etcFiles();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> provisioning.apply(Provisioning.NOTHING.onChain(ChainProvider.registering("ws://127.0.0.1:9944", key))));

		assertEquals("provider key file " + key + " is accessible to others (mode rw-r--r--); run chmod 600 " + key, e.getMessage());
		assertEquals(before, etcFiles());
	}

	@Test
	public void aKeyFileThatHoldsNoSecretUriIsRefusedBeforeAnythingIsWritten() throws IOException {
		Path key = keyFile("rw-------");
		Files.writeString(key, "not a key at all\n");
		Map<Path, String> before = etcFiles();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> provisioning.apply(Provisioning.NOTHING.onChain(ChainProvider.registering("ws://127.0.0.1:9944", key))));

		assertTrue(e.getMessage(), e.getMessage().startsWith("provider key file " + key + " holds no secret URI the agent can use: "));
		assertEquals(before, etcFiles());
	}

	@Test
	public void theStatusBindBootsTheStatusFeatureAndSetsKarafsHttpAddress() throws IOException {
		provisioning.apply(Provisioning.NOTHING.withStatusBind("0.0.0.0:28181"));

		Properties web = load(etc.resolve("org.ops4j.pax.web.cfg"));
		assertEquals("0.0.0.0", web.getProperty("org.ops4j.pax.web.listening.addresses"));
		assertEquals("28181", web.getProperty("org.osgi.service.http.port"));
		assertEquals("false", web.getProperty("org.osgi.service.http.secure.enabled"));
		assertTrue(boot().contains("dinfra-status"));
	}

	@Test
	public void aStatusBindThatIsNoAddressIsRefused() {
		for (String bad : List.of("8181", "127.0.0.1:", ":8181", "127.0.0.1:70000", "localhost:http")) {
			IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
					() -> provisioning.apply(Provisioning.NOTHING.withStatusBind(bad)));
			assertEquals("not an address and port (host:port): " + bad, e.getMessage());
		}
	}

	@Test
	public void endpointsMustBeWebSocketUrls() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChainProvider.registering("http://127.0.0.1:9944", null));
		assertEquals("not a ws:// or wss:// URL: http://127.0.0.1:9944", e.getMessage());
	}

	@Test
	public void aDirectoryThatIsNoDistributionIsNamed() throws IOException {
		Path empty = tmp.newFolder("empty").toPath();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new AgentProvisioning(empty).apply(Provisioning.NOTHING));
		assertEquals("no org.apache.karaf.features.cfg in " + empty.resolve("etc") + ": not a Karaf distribution's etc/", e.getMessage());
	}

	@Test
	public void aSeparateEtcDirectoryIsWrittenAndTheDistributionsIsNot() throws IOException {
		Path other = tmp.newFolder("etc-copy").toPath();
		try (Stream<Path> s = Files.list(etc)) {
			for (Path f : s.collect(Collectors.toList())) {
				Files.copy(f, other.resolve(f.getFileName()));
			}
		}
		Map<Path, String> before = etcFiles();
		new AgentProvisioning(home, other).apply(Provisioning.NOTHING.withReactors("docker-compose"));

		assertEquals(before, etcFiles());
		assertTrue(Files.readString(other.resolve("org.apache.karaf.features.cfg")).contains("    dinfra-reactor-dockercompose\n"));
		assertTrue(Files.exists(other.resolve("org.dinfra.reactor.dockercompose.cfg")));
	}
}
