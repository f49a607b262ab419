package org.dinfra.reactor.dockercompose.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

/** The documented examples under examples/descriptors are valid and pass the default policy (as documented). */
public class ExamplesTest {
	private final DefaultComposeCheck check = new DefaultComposeCheck();

	@Test
	public void webExampleIsSchemaValidAndAcceptedByTheDefaultPolicy() {
		String web = Descriptors.exampleText("docker-compose-web.json");
		assertEquals(List.of(), Descriptors.schemaProblems(web));
		assertEquals(List.of(), check.check(web));
	}

	@Test
	public void polkadotExampleIsSchemaValidAndNeedsOnlyTheParityImagePrefix() {
		String node = Descriptors.exampleText("docker-compose-polkadot-node.json");
		assertEquals(List.of(), Descriptors.schemaProblems(node));
		List<String> v = check.check(node);
		assertEquals(1, v.size());
		assertTrue(v.get(0), v.get(0).startsWith("/services/polkadot/image: image parity/polkadot:v1.16.2"));
		ComposePolicy withParity = new ComposePolicy(ComposePolicy.Settings.defaults()
				.withImagePrefixes(ComposePolicy.Settings.prefixes("docker.io/library/, parity/")));
		assertEquals(List.of(), withParity.check(ComposeFile.parse(node)));
	}

	@Test
	public void defaultCheckIsFoundThroughTheServiceLoader() {
		boolean found = false;
		for (org.dinfra.core.api.DescriptorCheck c : java.util.ServiceLoader.load(org.dinfra.core.api.DescriptorCheck.class)) {
			found |= c.type().equals("docker-compose") && c instanceof DefaultComposeCheck;
		}
		assertTrue(found);
	}
}
