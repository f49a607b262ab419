package org.dinfra.reactor.cloudstack.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;

import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.keys.api.Keys;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

/**
 * Against a real CloudStack, when {@code CLOUDSTACK_ENDPOINT}, {@code CLOUDSTACK_API_KEY} and
 * {@code CLOUDSTACK_SECRET_KEY} are set; skipped otherwise. With {@code CLOUDSTACK_LIVE_DEPLOY=true}
 * and {@code CLOUDSTACK_ZONE}, {@code CLOUDSTACK_SERVICE_OFFERING}, {@code CLOUDSTACK_TEMPLATE}
 * (and optionally {@code CLOUDSTACK_NETWORK}) it also deploys a VM for //Alice and tears it down.
 */
public class CloudStackLiveTest {
	static final String SKIPPED = "skipped: set CLOUDSTACK_ENDPOINT, CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY to run"
			+ " against a real CloudStack";

	private String endpoint;
	private String apiKey;
	private String secret;

	private static String env(String name) {
		String v = System.getenv(name);
		return v == null || v.isBlank() ? null : v.strip();
	}

	@Before
	public void requireACloud() {
		endpoint = env("CLOUDSTACK_ENDPOINT");
		apiKey = env("CLOUDSTACK_API_KEY");
		secret = env("CLOUDSTACK_SECRET_KEY");
		boolean configured = endpoint != null && apiKey != null && secret != null;
		if (!configured) {
			System.out.println(getClass().getSimpleName() + " " + SKIPPED);
		}
		Assume.assumeTrue(SKIPPED, configured);
	}

	@Test
	public void listsTheZonesOfTheAccount() throws Exception {
		try (CloudStackClient client = new CloudStackClient(new CloudStackClient.Settings(URI.create(endpoint), apiKey,
				secret, false, Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(10),
				100), Clock.systemUTC())) {
			List<JsonNode> zones = client.list("listZones", Map.of(), "zone");
			System.out.println("zones: " + zones.stream().map(z -> z.path("name").asText() + " (" + z.path("id").asText() + ")")
					.toList());
			assertTrue("the account sees at least one zone", !zones.isEmpty());
		}
	}

	@Test
	public void deploysAndTearsDownAVm() throws Exception {
		boolean deploy = "true".equals(env("CLOUDSTACK_LIVE_DEPLOY"));
		String zone = env("CLOUDSTACK_ZONE");
		String offering = env("CLOUDSTACK_SERVICE_OFFERING");
		String template = env("CLOUDSTACK_TEMPLATE");
		String message = "skipped: set CLOUDSTACK_LIVE_DEPLOY=true, CLOUDSTACK_ZONE, CLOUDSTACK_SERVICE_OFFERING and"
				+ " CLOUDSTACK_TEMPLATE to deploy a VM";
		if (!deploy || zone == null || offering == null || template == null) {
			System.out.println(getClass().getSimpleName() + ".deploysAndTearsDownAVm " + message);
		}
		Assume.assumeTrue(message, deploy && zone != null && offering != null && template != null);
		String network = env("CLOUDSTACK_NETWORK");
		String descriptor = "{\"zone\":\"" + zone + "\",\"serviceOffering\":\"" + offering + "\",\"template\":\"" + template
				+ "\"" + (network == null ? "" : ",\"networks\":[\"" + network + "\"]")
				+ ",\"userData\":\"#cloud-config\\nruncmd:\\n  - echo dinfra > /tmp/dinfra\\n\"}";
		Map<String, Object> c = new HashMap<>();
		c.put("endpoint", endpoint);
		c.put("apiKey", apiKey);
		c.put("secretKey", secret);
		c.put("providerId", "dinfra-live-test");
		CloudStackReactor reactor = new CloudStackReactor(Keys.standalone(), TestConfig.of(c));
		long id = 1_000_000_000L + ThreadLocalRandom.current().nextInt(1_000_000);
		try {
			ReactorStatus status = reactor.deploy(CloudStackReactorTest.request(id, descriptor, CloudStackReactorTest.ALICE));
			System.out.println("deployed " + status);
			assertEquals(DeploymentState.RUNNING, status.state());
			assertTrue(reactor.inventory().stream().anyMatch(s -> s.id() == id));
		} finally {
			reactor.teardown(id);
			assertEquals(Optional.empty(), reactor.status(id));
			reactor.deactivate();
		}
	}
}
