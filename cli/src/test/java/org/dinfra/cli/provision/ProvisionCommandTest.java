package org.dinfra.cli.provision;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import org.dinfra.cli.Main;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ProvisionCommandTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final StringWriter out = new StringWriter();
	private final StringWriter err = new StringWriter();
	private Path home;

	@Before
	public void distribution() throws Exception {
		home = TestDistribution.create(tmp.newFolder("agent").toPath());
	}

	private int run(String... args) {
		out.getBuffer().setLength(0);
		err.getBuffer().setLength(0);
		return Main.run(new PrintWriter(out), new PrintWriter(err), args);
	}

	private Properties chain() throws Exception {
		Properties p = new Properties();
		try (InputStream in = Files.newInputStream(home.resolve("etc/org.dinfra.chain.cfg"))) {
			p.load(in);
		}
		return p;
	}

	@Test
	public void aProviderOnAChainWithTwoReactorsAndItsOffer() throws Exception {
		Path key = home.resolve("etc/provider.suri");
		Files.writeString(key, "//Bob\n");
		Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

		int code = run("agent", "provision", home.toString(), "--reactor", "docker-compose", "--reactor", "cloudstack-vm",
				"--endpoint", "ws://127.0.0.1:9944", "--endpoint", "wss://node.example:443", "--provider-key-file", key.toString(),
				"--no-register-types", "--price-per-block", "1000000000", "--capacity", "20", "--name", "dev provider",
				"--region", "local", "--contact", "dev@localhost");

		assertEquals(err.toString(), 0, code);
		Path etc = home.resolve("etc");
		assertEquals("featuresBoot: added dinfra-chain, dinfra-reactor-dockercompose, dinfra-reactor-cloudstack\n"
				+ "wrote " + etc.resolve("org.apache.karaf.features.cfg") + "\n"
				+ "wrote " + etc.resolve("org.dinfra.chain.cfg") + "\n"
				+ "wrote " + etc.resolve("org.dinfra.reactor.dockercompose.cfg") + "\n"
				+ "wrote " + etc.resolve("org.dinfra.reactor.cloudstack.cfg") + "\n", out.toString());
		Properties p = chain();
		assertEquals("ws://127.0.0.1:9944, wss://node.example:443", p.getProperty("endpoints"));
		assertEquals(key.toString(), p.getProperty("providerSecretFile"));
		assertEquals("true", p.getProperty("register"));
		assertEquals("false", p.getProperty("registerTypes"));
		assertEquals("20", p.getProperty("capacity"));
		assertEquals("dev provider", p.getProperty("name"));
		assertEquals("local", p.getProperty("region"));
		assertEquals("dev@localhost", p.getProperty("contact"));

		assertEquals(0, run("agent", "provision", home.toString(), "--reactor", "docker-compose", "--reactor", "cloudstack-vm",
				"--endpoint", "ws://127.0.0.1:9944,wss://node.example:443", "--suri-file", key.toString(), "--no-register-types",
				"--price-per-block", "1000000000", "--capacity", "20", "--name", "dev provider", "--region", "local",
				"--contact", "dev@localhost"));
		assertEquals(home + " is provisioned so already: nothing changed\n", out.toString());
	}

	@Test
	public void anUnknownReactorIsOneErrorLineAndExitOne() {
		assertEquals(1, run("agent", "provision", home.toString(), "--reactor", "dinfra-reactor-dockercompse"));
		assertEquals("error: no reactor 'dinfra-reactor-dockercompse' in " + home + ": its reactors serve cloudstack-vm "
				+ "(dinfra-reactor-cloudstack), docker-compose (dinfra-reactor-dockercompose); or name a feature "
				+ "(did you mean dinfra-reactor-dockercompose?)\n", err.toString());
	}

	@Test
	public void chainSettingsWithoutAnEndpointAreAUsageError() {
		assertEquals(2, run("agent", "provision", home.toString(), "--price-per-block", "5"));
		assertEquals("error: the provider key and the offer need a chain: give --endpoint URL\n", err.toString());
		assertEquals(2, run("agent", "provision", home.toString(), "--endpoint", "http://127.0.0.1:9944"));
		assertEquals("error: --endpoint: not a ws:// or wss:// URL: http://127.0.0.1:9944\n", err.toString());
		assertEquals(2, run("agent", "provision", home.toString(), "--endpoint", "ws://127.0.0.1:9944", "--price-per-block", "1DNF"));
		assertEquals("error: --price-per-block: an integer in the chain's smallest unit, not 1DNF\n", err.toString());
	}

	@Test
	public void aDirectoryThatDoesNotExistIsNamed() {
		Path missing = home.resolveSibling("nothing-here");
		assertEquals(1, run("agent", "provision", missing.toString()));
		assertEquals("error: no such directory: " + missing + "\n", err.toString());
	}

	@Test
	public void helpNamesTheOptionsAProviderGives() {
		assertEquals(0, run("agent", "provision", "--help"));
		for (String option : new String[] {"--reactor", "--feature", "--endpoint", "--provider-key-file", "--suri-file",
				"--[no-]register", "--[no-]register-types", "--price-per-block", "--status-bind", "--etc"}) {
			assertTrue(option, out.toString().contains(option));
		}
	}
}
