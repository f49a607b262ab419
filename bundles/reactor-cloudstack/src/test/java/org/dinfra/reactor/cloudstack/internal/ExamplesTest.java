package org.dinfra.reactor.cloudstack.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import org.dinfra.core.api.DescriptorCheck;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.keys.api.Keys;
import org.dinfra.reactor.cloudstack.testing.FakeCloudStack;
import org.junit.Test;
import org.yaml.snakeyaml.Yaml;

/** The schema, and the documented example in examples/descriptors, against the schema and policies. */
public class ExamplesTest {
	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Path EXAMPLES = Path.of(System.getProperty("dinfra.examples", "../../examples/descriptors"));
	private static final Path POLKADOT = EXAMPLES.resolve("cloudstack-vm-polkadot-node.json");

	static List<String> validate(String descriptor) throws Exception {
		Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
				.getSchema(JSON.readTree(CloudStackReactor.loadSchema()));
		List<String> problems = new ArrayList<>();
		for (Error e : schema.validate(JSON.readTree(descriptor))) {
			problems.add(e.getInstanceLocation() + ": " + e.getMessage());
		}
		return problems;
	}

	/** A provider's policy as one would configure it for this example. */
	static VmPolicy sampleProviderPolicy() {
		return new VmPolicy(List.of("zone1"), List.of("Small Instance", "Large Instance"), List.of("Debian 12"),
				List.of("Custom"), List.of(), List.of(), 100, 2, 1000, 32768);
	}

	@Test
	public void polkadotExampleIsValidAndAcceptedByTheDefaultAndASampleProviderPolicy() throws Exception {
		String descriptor = Files.readString(POLKADOT);
		assertEquals(List.of(), validate(descriptor));
		assertEquals(List.of(), new CloudStackDescriptorCheck().check(descriptor));
		assertEquals(List.of(), sampleProviderPolicy().check(VmDescriptor.parse(descriptor)));
	}

	@Test
	public void polkadotExampleUserDataIsTheDocumentedCloudConfig() throws Exception {
		String userData = VmDescriptor.parse(Files.readString(POLKADOT)).userData();
		assertEquals("the JSON's userData and the .cloud-init.yaml file are the same text",
				Files.readString(EXAMPLES.resolve("cloudstack-vm-polkadot-node.cloud-init.yaml")), userData);
		assertTrue(userData.startsWith("#cloud-config\n"));
		@SuppressWarnings("unchecked")
		Map<String, Object> config = (Map<String, Object>) new Yaml().load(userData);
		List<?> runcmd = (List<?>) config.get("runcmd");
		assertTrue(runcmd.toString(), runcmd.stream().anyMatch(c -> c.toString().contains("apt-get install -y parity-keyring polkadot")));
		assertTrue(runcmd.toString(), runcmd.contains("systemctl enable --now polkadot"));
		assertTrue(config.get("mounts").toString().contains("/var/lib/polkadot"));
	}

	@Test
	public void polkadotExampleDeploysOnTheFakeWithItsUserDataPostedAndItsDataDisk() throws Exception {
		try (FakeCloudStack fake = FakeCloudStack.start("k", "s")) {
			CloudStackReactor reactor = new CloudStackReactor(Keys.standalone(),
					TestConfig.of(TestConfig.forFake(fake, "k", "s")));
			try {
				String descriptor = Files.readString(POLKADOT);
				assertEquals(DeploymentState.RUNNING, reactor.deploy(CloudStackReactorTest.request(1, descriptor,
						CloudStackReactorTest.ALICE)).state());
				Map<String, String> deploy = fake.requests().stream().filter(r -> r.get("command").equals("deployVirtualMachine"))
						.findFirst().orElseThrow();
				assertEquals("POST", deploy.get("_method"));
				assertTrue("more than CloudStack accepts by GET", deploy.get("userdata").length() > CloudStackClient.MAX_GET_QUERY);
				assertEquals(VmDescriptor.parse(descriptor).userData(),
						new String(Base64.getDecoder().decode(deploy.get("userdata")), StandardCharsets.UTF_8));
				JsonNode volume = fake.volumes().get(0);
				assertEquals(500L << 30, volume.get("size").asLong());
			} finally {
				reactor.deactivate();
			}
		}
	}

	@Test
	public void schemaRefusesUnknownFieldsAndBadValuesWithTheirPointers() throws Exception {
		List<String> problems = validate("{\"zone\":\"\",\"serviceOffering\":\"x\",\"template\":\" padded\",\"rootDiskSizeGb\":0,"
				+ "\"dataDisks\":[{\"sizeGb\":5}],\"colour\":\"red\"}");
		String all = problems.toString();
		assertTrue(all, all.contains("/zone"));
		assertTrue(all, all.contains("/template"));
		assertTrue(all, all.contains("/rootDiskSizeGb"));
		assertTrue(all, all.contains("/dataDisks/0"));
		assertTrue(all, all.contains("colour"));
		assertEquals(List.of(), validate(CloudStackReactorTest.SIMPLE));
	}

	@Test
	public void theDescriptorCheckIsFoundByServiceLoaderAndUsesTheConfigurationsDefaults() {
		DescriptorCheck check = ServiceLoader.load(DescriptorCheck.class).stream().map(ServiceLoader.Provider::get)
				.filter(c -> c.type().equals("cloudstack-vm")).findFirst().orElseThrow();
		assertEquals(List.of(), check.check(CloudStackReactorTest.SIMPLE));
		assertEquals(VmPolicy.defaults(), CloudStackReactor.policy(TestConfig.of(Map.of())));
		List<String> refused = check.check("{\"zone\":\"z\",\"serviceOffering\":\"o\",\"template\":\"t\",\"rootDiskSizeGb\":4096}");
		assertEquals(List.of("/rootDiskSizeGb: 4096 GB is larger than this provider's limit of 1024 GB"), refused);
	}
}
