package org.dinfra.reactor.dockercompose.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every hostile descriptor under src/test/resources/hostile is refused: by the schema where the
 * construct is outside the supported subset, and by the default policy on its own in every case,
 * with the violations at the pointers the manifest records.
 */
public class HostileDescriptorsTest {
	private final ComposePolicy policy = new ComposePolicy(ComposePolicy.Settings.defaults());

	@Test
	public void thereAreAtLeastFifteenDistinctEscapeRoutes() {
		JsonNode files = Descriptors.hostileManifest();
		Set<String> routes = new HashSet<>();
		files.forEach(f -> routes.add(f.path("route").asText()));
		assertTrue(routes.size() >= 15);
		assertEquals("every route is distinct", files.size(), routes.size());
	}

	@Test
	public void schemaRefusesWhatIsOutsideTheSubsetAtItsPointerAndAcceptsTheRest() {
		List<String> wrong = new ArrayList<>();
		for (Map.Entry<String, JsonNode> e : iterable(Descriptors.hostileManifest())) {
			List<String> problems = Descriptors.schemaProblems(Descriptors.resource("hostile/" + e.getKey()));
			List<String> expected = strings(e.getValue().path("schema"));
			if (expected.isEmpty() && !problems.isEmpty()) {
				wrong.add(e.getKey() + ": expected schema-valid, got " + problems);
			}
			for (String p : expected) {
				if (problems.stream().map(Descriptors::pointer).noneMatch(q -> q.equals(p) || q.startsWith(p + "/"))) {
					wrong.add(e.getKey() + ": expected a schema problem at " + p + ", got " + problems);
				}
			}
		}
		assertTrue(String.join("\n", wrong), wrong.isEmpty());
	}

	@Test
	public void defaultPolicyRefusesEveryHostileDescriptorWithTheRecordedViolations() {
		List<String> wrong = new ArrayList<>();
		for (Map.Entry<String, JsonNode> e : iterable(Descriptors.hostileManifest())) {
			List<String> violations = policy.check(ComposeFile.parse(Descriptors.resource("hostile/" + e.getKey())));
			List<String> expected = strings(e.getValue().path("policy"));
			if (violations.isEmpty()) {
				wrong.add(e.getKey() + ": not refused");
			}
			Set<String> pointers = new HashSet<>(violations.stream().map(Descriptors::pointer).toList());
			if (!pointers.equals(new HashSet<>(expected))) {
				wrong.add(e.getKey() + ": expected violations at " + expected + ", got " + violations);
			}
		}
		assertTrue(String.join("\n", wrong), wrong.isEmpty());
	}

	@Test
	public void escapeRouteViolationsSayWhatIsRefused() {
		List<String> v = policy.check(ComposeFile.parse(Descriptors.resource("hostile/01-privileged.json")));
		assertEquals(List.of("/services/app/privileged: privileged containers are not allowed"), v);
		v = policy.check(ComposeFile.parse(Descriptors.resource("hostile/17-port-all-interfaces.json")));
		assertEquals(1, v.size());
		assertTrue(v.get(0), v.get(0).contains("127.0.0.1 only, not on 0.0.0.0"));
		v = policy.check(ComposeFile.parse(Descriptors.resource("hostile/08-bind-root.json")));
		assertTrue(v.get(0), v.get(0).contains("bind mounts and host paths (/) are not allowed"));
		assertFalse(policy.check(ComposeFile.parse(Descriptors.resource("hostile/15-memory-over-limit.json"))).isEmpty());
	}

	static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
		return object::fields;
	}

	static List<String> strings(JsonNode array) {
		List<String> out = new ArrayList<>();
		array.forEach(n -> out.add(n.asText()));
		return out;
	}
}
