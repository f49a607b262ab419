package org.dinfra.chain.internal;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dinfra.core.api.Endpoint;
import org.junit.Test;

/** The endpoint information of report_deployed, within the chain's limit (MaxEndpointLen). */
public class ChainReporterTest {
	@Test
	public void endpointsThatDoNotFitTheLimitAreLeftOut() {
		List<Endpoint> endpoints = List.of(new Endpoint("web:80", "http://10.0.0.5:8080"), new Endpoint("admin", "http://" + "a".repeat(40)),
				new Endpoint("ssh", "ssh://10.0.0.5:22"));
		String all = new String(ChainReporter.endpointInfo(endpoints, 256), StandardCharsets.UTF_8);
		assertEquals("{\"web:80\":\"http://10.0.0.5:8080\",\"admin\":\"http://" + "a".repeat(40) + "\",\"ssh\":\"ssh://10.0.0.5:22\"}", all);
		String some = new String(ChainReporter.endpointInfo(endpoints, 64), StandardCharsets.UTF_8);
		assertEquals("{\"web:80\":\"http://10.0.0.5:8080\",\"ssh\":\"ssh://10.0.0.5:22\"}", some);
		assertEquals("{}", new String(ChainReporter.endpointInfo(endpoints, 2), StandardCharsets.UTF_8));
	}
}
