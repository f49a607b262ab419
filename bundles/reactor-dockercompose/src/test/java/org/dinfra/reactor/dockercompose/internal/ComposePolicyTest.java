package org.dinfra.reactor.dockercompose.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class ComposePolicyTest {
	private final ComposePolicy.Settings defaults = ComposePolicy.Settings.defaults();
	private final ComposePolicy policy = new ComposePolicy(defaults);

	private List<String> check(ComposePolicy p, String json) {
		return p.check(ComposeFile.parse(json));
	}

	private List<String> check(String json) {
		return check(policy, json);
	}

	@Test
	public void officialImageWithPortInRangeAndNamedVolumeIsAllowed() {
		assertEquals(List.of(), check("""
				{"services": {"db": {"image": "postgres:16", "ports": ["20432:5432", {"target": 5433, "published": 20433}],
				  "volumes": ["pg:/var/lib/postgresql/data", "/scratch", {"type": "volume", "source": "pg", "target": "/b"}],
				  "environment": {"PGDATA": "/var/lib/postgresql/data/x", "PRICE": "$$5"}}},
				 "volumes": {"pg": null}}
				"""));
	}

	@Test
	public void portOnTheConfiguredAddressIsAllowedAndOnAnotherRefused() {
		assertEquals(List.of(), check("{\"services\": {\"a\": {\"image\": \"nginx\", \"ports\": [\"127.0.0.1:20080:80\"]}}}"));
		ComposePolicy publicIp = new ComposePolicy(new ComposePolicy.Settings("203.0.113.7", 20000, 29999, 2, 1L << 31, 0.5,
				1L << 28, 100, List.of("docker.io/library/")));
		assertEquals(List.of(), check(publicIp, "{\"services\": {\"a\": {\"image\": \"nginx\", \"ports\": [\"203.0.113.7:20080:80\"]}}}"));
		List<String> v = check(publicIp, "{\"services\": {\"a\": {\"image\": \"nginx\", \"ports\": [{\"target\": 80, \"published\": 20080, \"host_ip\": \"127.0.0.1\"}]}}}");
		assertEquals(1, v.size());
		assertTrue(v.get(0), v.get(0).startsWith("/services/a/ports/0: ports are published on 203.0.113.7 only"));
	}

	@Test
	public void portRangeBoundsAreInclusive() {
		assertEquals(List.of(), check("{\"services\": {\"a\": {\"image\": \"nginx\", \"ports\": [\"20000:80\", \"29999:81\"]}}}"));
		List<String> v = check("{\"services\": {\"a\": {\"image\": \"nginx\", \"ports\": [\"19999:80\", \"30000:81\"]}}}");
		assertEquals(2, v.size());
	}

	@Test
	public void samePublishedPortTwiceIsRefused() {
		List<String> v = check("""
				{"services": {"a": {"image": "nginx", "ports": ["20080:80"]}, "b": {"image": "nginx", "ports": ["20080:81"]}}}
				""");
		assertEquals(List.of("/services/b/ports/0: port 20080/tcp is published twice"), v);
	}

	@Test
	public void servicesWithoutLimitsCountTheDefaultLimitsInTheSums() {
		// 4 services at the default 0.5 CPU make 2.0: allowed; a fifth makes 2.5
		StringBuilder four = new StringBuilder("{\"services\": {");
		for (int i = 0; i < 5; i++) {
			four.append(i == 0 ? "" : ",").append("\"s").append(i).append("\": {\"image\": \"nginx\"}");
			if (i == 3) {
				assertEquals(List.of(), check(four + "}}"));
			}
		}
		List<String> v = check(four + "}}");
		assertEquals(1, v.size());
		assertTrue(v.get(0), v.get(0).startsWith("/services: the services' CPU limits add up to 2.5, more than the 2 CPUs"));
	}

	@Test
	public void memoryLimitsAreSummedAcrossServices() {
		String json = """
				{"services": {"a": {"image": "nginx", "deploy": {"resources": {"limits": {"memory": "1g", "cpus": 0.1}}}},
				              "b": {"image": "nginx", "deploy": {"resources": {"limits": {"memory": 1073741824, "cpus": "0.1"}}}}}}
				""";
		assertEquals(List.of(), check(json));
		List<String> v = check(json.replace("\"1g\"", "\"1025m\""));
		assertEquals(1, v.size());
		assertTrue(v.get(0), v.get(0).contains("add up to 2049m, more than the 2g allowed"));
	}

	@Test
	public void imagesAreMatchedAgainstNormalisedPrefixes() {
		ComposePolicy p = new ComposePolicy(defaults.withImagePrefixes(List.of("docker.io/library/", "dinfra/", "ghcr.io/acme/")));
		for (String ok : List.of("nginx", "nginx:1.27", "library/nginx", "docker.io/nginx", "docker.io/library/nginx@sha256:abc",
				"dinfra/busybox:test", "docker.io/dinfra/busybox", "ghcr.io/acme/app:1")) {
			assertEquals(ok, List.of(), check(p, "{\"services\": {\"a\": {\"image\": \"" + ok + "\"}}}"));
		}
		for (String bad : List.of("parity/polkadot", "ghcr.io/other/app", "dinfra.evil.com/busybox", "docker.io.evil.com/library/nginx",
				"localhost:5000/nginx", "ghcr.io/acme-evil/app")) {
			assertEquals(bad, 1, check(p, "{\"services\": {\"a\": {\"image\": \"" + bad + "\"}}}").size());
		}
	}

	@Test
	public void undeclaredNamedVolumeAndRelativeHostPathAreRefused() {
		List<String> v = check("{\"services\": {\"a\": {\"image\": \"nginx\", \"volumes\": [\"data:/data\", \"./here:/x\", \"~/x:/y\"]}}}");
		assertEquals(3, v.size());
		assertTrue(v.get(0), v.get(0).startsWith("/services/a/volumes/0: volume data must be declared"));
		assertTrue(v.get(1), v.get(1).startsWith("/services/a/volumes/1: bind mounts and host paths (./here)"));
		assertTrue(v.get(2), v.get(2).startsWith("/services/a/volumes/2: bind mounts and host paths (~/x)"));
	}

	@Test
	public void everyViolationIsListedNotOnlyTheFirst() {
		List<String> v = check("""
				{"name": "x", "services": {"a": {"image": "evil.io/x", "privileged": true, "ports": ["80:80"],
				  "volumes": ["/:/host"], "environment": ["A=$HOME"]}}}
				""");
		assertEquals(v.toString(), 6, v.size());
	}

	@Test
	public void settingsRefuseNonsense() {
		for (Runnable r : List.<Runnable>of(
				() -> new ComposePolicy.Settings("", 1, 2, 1, 1, 1, 1, 1, List.of()),
				() -> new ComposePolicy.Settings("127.0.0.1", 3, 2, 1, 1, 1, 1, 1, List.of()),
				() -> new ComposePolicy.Settings("127.0.0.1", 1, 70000, 1, 1, 1, 1, 1, List.of()),
				() -> new ComposePolicy.Settings("127.0.0.1", 1, 2, 0, 1, 1, 1, 1, List.of()),
				() -> new ComposePolicy.Settings("127.0.0.1", 1, 2, 1, 1, 1, 1, 0, List.of()))) {
			try {
				r.run();
				throw new AssertionError("accepted");
			} catch (IllegalArgumentException expected) {
				// refused
			}
		}
	}

	@Test
	public void sizesAreReadAsComposeWritesThem() {
		assertEquals(512L << 20, Sizes.bytes("512m"));
		assertEquals(2L << 30, Sizes.bytes("2g"));
		assertEquals(2L << 30, Sizes.bytes("2GB"));
		assertEquals(1536L << 20, Sizes.bytes("1.5g"));
		assertEquals(100, Sizes.bytes("100"));
		assertEquals(100, Sizes.bytes("100b"));
		assertEquals("2049m", Sizes.human(2049L << 20));
		assertEquals("0.25", Sizes.cpuText(0.25));
		assertEquals("2", Sizes.cpuText(2.0));
	}
}
