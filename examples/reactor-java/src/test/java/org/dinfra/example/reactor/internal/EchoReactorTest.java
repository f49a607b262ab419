package org.dinfra.example.reactor.internal;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.DescriptorCheck;
import org.dinfra.core.api.Endpoint;
import org.junit.Test;

public class EchoReactorTest {
	private static DeploymentRequest request(long id, String descriptor) {
		return new DeploymentRequest(id, EchoReactor.TYPE, Cid.of(descriptor.getBytes(StandardCharsets.UTF_8)), descriptor, "");
	}

	@Test
	public void theEndpointEchoesTheMessage() throws Exception {
		Path dir = Files.createTempDirectory("echo");
		EchoReactor reactor = new EchoReactor(EchoReactorConformanceTest.config(dir.toString()));
		assertEquals(List.of(new Endpoint("echo", "data:text/plain,hello%20world")),
				reactor.deploy(request(1, "{\"message\":\"hello world\"}")).endpoints());
		reactor.teardown(1);
		Files.delete(dir);
	}

	@Test
	public void policyRefusesTheForbiddenWordInTheAgentAndOffline() throws Exception {
		Path dir = Files.createTempDirectory("echo");
		EchoReactor reactor = new EchoReactor(EchoReactorConformanceTest.config(dir.toString()));
		String bad = "{\"message\":\"a forbidden echo\"}";
		assertEquals(List.of("/message: the provider does not allow the word 'forbidden'"), reactor.check(request(2, bad)));
		assertEquals(List.of(), reactor.check(request(3, "{\"message\":\"fine\"}")));
		DescriptorCheck offline = ServiceLoader.load(DescriptorCheck.class).stream().map(ServiceLoader.Provider::get)
				.filter(c -> c.type().equals(EchoReactor.TYPE)).findFirst().orElseThrow();
		assertEquals(reactor.check(request(2, bad)), offline.check(bad));
		Files.delete(dir);
	}
}
