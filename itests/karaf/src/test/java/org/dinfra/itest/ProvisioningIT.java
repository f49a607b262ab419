package org.dinfra.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.dinfra.cli.Main;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code ./dinfra agent provision} on the real distribution, unpacked as a provider unpacks it
 * (not started): its features repositories, the reactor bundles' schemas and the features'
 * configuration files are those the build ships.
 */
public class ProvisioningIT {
	private KarafProcess karaf;
	private final StringWriter out = new StringWriter();
	private final StringWriter err = new StringWriter();

	@Before
	public void unpack() throws Exception {
		karaf = KarafProcess.unpack(Path.of(KarafOptions.artifact("dinfra.distro.zip")),
				Path.of(System.getProperty("dinfra.it.dir", "target/it"), "provisioning"));
	}

	private int provision(String... args) {
		out.getBuffer().setLength(0);
		err.getBuffer().setLength(0);
		String[] all = Stream.concat(Stream.of("agent", "provision", karaf.home().toString()), Stream.of(args)).toArray(String[]::new);
		return Main.run(new PrintWriter(out), new PrintWriter(err), all);
	}

	private Properties cfg(String pid) throws Exception {
		Properties p = new Properties();
		try (InputStream in = Files.newInputStream(karaf.home().resolve("etc/" + pid + ".cfg"))) {
			p.load(in);
		}
		return p;
	}

	@Test
	public void everyReactorTheDistributionShipsIsFoundByItsTypeAndTheChainConfigurationIsTheFeaturesOwn() throws Exception {
		Path key = karaf.home().resolve("etc/provider.suri");
		Files.writeString(key, "//Dave\n");
		Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
		String[] args = {"--reactor", "docker-compose", "--reactor", "cloudstack-vm", "--reactor", "dinfra-reactor-http",
				"--feature", "webconsole", "--endpoint", "ws://127.0.0.1:9944", "--provider-key-file", key.toString(),
				"--status-bind", "127.0.0.1:18181"};
		assertEquals(err.toString(), 0, provision(args));
		assertTrue(out.toString(), out.toString().startsWith("featuresBoot: added dinfra-chain, dinfra-reactor-dockercompose, "
				+ "dinfra-reactor-cloudstack, dinfra-reactor-http, webconsole, dinfra-status\n"));

		List<String> boot = Stream.of(cfg("org.apache.karaf.features").getProperty("featuresBoot").split(",")).map(String::strip).toList();
		assertEquals("the distribution's own boot features stay first", "instance/4.4.10", boot.get(0));
		assertTrue(boot.toString(), boot.contains("dinfra-core/0.1.0.SNAPSHOT"));
		assertEquals(List.of("dinfra-chain", "dinfra-reactor-dockercompose", "dinfra-reactor-cloudstack", "dinfra-reactor-http",
				"webconsole", "dinfra-status"), boot.subList(boot.size() - 6, boot.size()));
		Properties chain = cfg("org.dinfra.chain");
		assertEquals("ws://127.0.0.1:9944", chain.getProperty("endpoints"));
		assertEquals(key.toString(), chain.getProperty("providerSecretFile"));
		assertEquals("true", chain.getProperty("register"));
		assertEquals("the feature's default, with every key", "DINFRA_PROVIDER_SURI", chain.getProperty("providerSecretEnv"));
		assertTrue(Files.readString(karaf.home().resolve("etc/org.dinfra.chain.cfg")).startsWith("# DINFRA chain: follow the DINFRA parachain"));
		assertTrue(Files.exists(karaf.home().resolve("etc/org.dinfra.reactor.dockercompose.cfg")));
		assertTrue(Files.exists(karaf.home().resolve("etc/org.dinfra.reactor.cloudstack.cfg")));
		assertEquals("18181", cfg("org.ops4j.pax.web").getProperty("org.osgi.service.http.port"));

		assertEquals(err.toString(), 0, provision(args));
		assertEquals(karaf.home() + " is provisioned so already: nothing changed\n", out.toString());
	}

	@Test
	public void aMistypedTypeNamesTheTypesTheDistributionServes() {
		assertEquals(1, provision("--reactor", "docker-compse"));
		assertEquals("error: no reactor 'docker-compse' in " + karaf.home() + ": its reactors serve cloudstack-vm "
				+ "(dinfra-reactor-cloudstack), docker-compose (dinfra-reactor-dockercompose); or name a feature "
				+ "(did you mean docker-compose?)\n", err.toString());
	}
}
