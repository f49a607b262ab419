package org.dinfra.reactor.dockercompose.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

public class ComposeFileTest {
	private final ComposePolicy.Settings settings = ComposePolicy.Settings.defaults();

	private JsonNode render(String json) {
		return render(json, false);
	}

	private JsonNode render(String json, boolean v1) {
		return ComposeFile.parse(ComposeFile.render(ComposeFile.parse(json), settings, 42, "prov-1", v1));
	}

	@Test
	public void portsGetTheProviderAddressAndLongSyntaxBecomesShort() {
		JsonNode out = render("""
				{"services": {"a": {"image": "nginx", "ports": ["20080:80", {"target": 53, "published": "20053", "protocol": "udp"}, "127.0.0.1:20081:81"]}}}
				""");
		assertEquals("[\"127.0.0.1:20080:80/tcp\",\"127.0.0.1:20053:53/udp\",\"127.0.0.1:20081:81/tcp\"]",
				out.at("/services/a/ports").toString());
	}

	@Test
	public void servicesWithoutLimitsGetTheDefaultsAndEveryContainerThePidsLimit() {
		JsonNode out = render("""
				{"services": {"a": {"image": "nginx"}, "b": {"image": "nginx", "deploy": {"resources": {"limits": {"cpus": 1}}}}}}
				""");
		assertEquals("0.5", out.at("/services/a/deploy/resources/limits/cpus").asText());
		assertEquals("256m", out.at("/services/a/deploy/resources/limits/memory").asText());
		assertEquals("1", out.at("/services/b/deploy/resources/limits/cpus").asText());
		assertEquals("256m", out.at("/services/b/deploy/resources/limits/memory").asText());
		assertEquals(1024, out.at("/services/a/deploy/resources/limits/pids").asInt());
		assertFalse(out.at("/services/a").has("pids_limit"));
		JsonNode v1 = render("{\"services\": {\"a\": {\"image\": \"nginx\"}}}", true);
		assertEquals("Compose v1 takes it as pids_limit", 1024, v1.at("/services/a/pids_limit").asInt());
		assertFalse(v1.at("/services/a/deploy/resources/limits").has("pids"));
	}

	@Test
	public void ownershipLabelsGoOnEveryServiceAndVolumeBesideTheConsumers() {
		JsonNode out = render("""
				{"services": {"a": {"image": "nginx", "labels": ["x=1", "y"], "volumes": ["d:/d:ro"]}}, "volumes": {"d": {"labels": {"z": "2"}}}}
				""");
		assertEquals("{\"x\":\"1\",\"y\":\"\",\"org.dinfra.subscription\":\"42\",\"org.dinfra.provider\":\"prov-1\"}",
				out.at("/services/a/labels").toString());
		assertEquals("{\"z\":\"2\",\"org.dinfra.subscription\":\"42\",\"org.dinfra.provider\":\"prov-1\"}",
				out.at("/volumes/d/labels").toString());
		assertEquals("[\"d:/d:ro\"]", out.at("/services/a/volumes").toString());
	}

	@Test
	public void onlyTheSupportedSubsetIsWrittenWhateverTheDescriptorHolds() {
		JsonNode out = render("""
				{"name": "evil", "x-extra": 1, "services": {"a": {"image": "nginx", "privileged": true, "command": ["a", "b"],
				  "network_mode": "host", "environment": {"A": "1"}, "restart": "always"}}}
				""");
		assertFalse(out.has("name"));
		assertFalse(out.has("x-extra"));
		JsonNode a = out.at("/services/a");
		assertFalse(a.has("privileged"));
		assertFalse(a.has("network_mode"));
		List<String> keys = new java.util.ArrayList<>();
		a.fieldNames().forEachRemaining(keys::add);
		assertEquals(List.of("image", "command", "environment", "restart", "deploy", "labels"), keys);
	}
}
