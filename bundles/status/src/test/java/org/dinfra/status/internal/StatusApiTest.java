package org.dinfra.status.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dinfra.core.api.AgentMetrics;
import org.dinfra.core.api.AgentMetrics.Call;
import org.dinfra.core.api.AgentMetrics.CallError;
import org.dinfra.core.api.AgentMetrics.Histogram;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Deployments;
import org.dinfra.core.api.DescriptorType;
import org.dinfra.core.api.DescriptorTypes;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.core.api.SourceStatus;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class StatusApiTest {
	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Cid CID = Cid.of("{\"services\":{}}".getBytes(StandardCharsets.UTF_8));
	private static final Instant SINCE = Instant.parse("2026-11-24T10:00:00Z");

	private final List<Deployment> deployments = new ArrayList<>();
	private final List<DescriptorType> types = new ArrayList<>();
	private AgentMetrics.Snapshot snapshot = new AgentMetrics.Snapshot(Map.of(), Map.of(), Map.of());
	private final StatusApi api = new StatusApi();

	/** A deployment id above Long.MAX_VALUE: shown unsigned. */
	private static final long BIG_ID = -2;

	private final Deployments deploymentsService = new Deployments() {
		@Override
		public List<Deployment> list() {
			return List.copyOf(deployments);
		}

		@Override
		public Optional<Deployment> get(long id) {
			return deployments.stream().filter(d -> d.id() == id).findFirst();
		}
	};

	private final DescriptorTypes typesService = new DescriptorTypes() {
		@Override
		public List<DescriptorType> types() {
			return List.copyOf(types);
		}

		@Override
		public Optional<DescriptorType> type(String id) {
			return types.stream().filter(t -> t.id().equals(id)).findFirst();
		}

		@Override
		public List<String> validate(String type, byte[] descriptor) {
			return List.of();
		}

		@Override
		public AutoCloseable addChangeListener(ChangeListener listener) {
			throw new UnsupportedOperationException("the status API reads the types when asked; it does not listen");
		}
	};

	private AgentView active(SourceStatus source) {
		return new AgentView(deploymentsService, typesService, () -> snapshot, source);
	}

	private static SourceStatus source(boolean inSync, long lag) {
		return new SourceStatus() {
			@Override
			public String name() {
				return "chain";
			}

			@Override
			public boolean inSync() {
				return inSync;
			}

			@Override
			public long lag() {
				return lag;
			}

			@Override
			public Map<String, String> details() {
				Map<String, String> m = new LinkedHashMap<>();
				m.put("endpoint", "ws://127.0.0.1:9944");
				m.put("finalized", "120");
				return m;
			}
		};
	}

	private static JsonNode body(StatusApi.Response r) throws Exception {
		assertEquals(StatusApi.JSON, r.contentType());
		return JSON.readTree(r.body());
	}

	private void addDeployments() {
		deployments.add(new Deployment(1, "docker-compose", CID, "5Consumer", DeploymentState.RUNNING, null,
				List.of(new Endpoint("web:80", "http://203.0.113.7:18080")), true, SINCE));
		deployments.add(new Deployment(BIG_ID, "docker-compose", CID, "", DeploymentState.FAILED,
				new Reason(ReasonCode.SCHEMA_INVALID, "descriptor does not match", List.of("/services: required")),
				List.of(), false, SINCE));
		types.add(new DescriptorType("docker-compose", 1, "https://dinfra.org/schema/docker-compose/1", "{}",
				"org.dinfra.reactor.dockercompose"));
	}

	// ---- deployments ----------------------------------------------------------------------------

	@Test
	public void deploymentsListEveryFieldWithUnsignedIdsAndReasonCodeNameAndMessage() throws Exception {
		addDeployments();
		StatusApi.Response r = api.get("/api/v1/deployments", active(null));
		assertEquals(200, r.status());
		JsonNode list = body(r).get("deployments");
		assertEquals(2, list.size());
		JsonNode running = list.get(0);
		assertEquals("1", running.get("id").asText());
		assertEquals("docker-compose", running.get("type").asText());
		assertEquals("RUNNING", running.get("state").asText());
		assertTrue(running.get("reason").isNull());
		assertEquals("5Consumer", running.get("consumer").asText());
		assertEquals(CID.toString(), running.get("descriptor").asText());
		assertEquals("http://203.0.113.7:18080", running.get("endpoints").get(0).get("uri").asText());
		assertEquals("web:80", running.get("endpoints").get(0).get("name").asText());
		assertTrue(running.get("reactorAvailable").asBoolean());
		assertEquals("2026-11-24T10:00:00Z", running.get("since").asText());

		JsonNode failed = list.get(1);
		assertEquals("18446744073709551614", failed.get("id").asText());
		assertEquals(1, failed.get("reason").get("code").asInt());
		assertEquals("SCHEMA_INVALID", failed.get("reason").get("name").asText());
		assertEquals("descriptor does not match", failed.get("reason").get("message").asText());
		assertEquals("/services: required", failed.get("reason").get("details").get(0).asText());
		assertFalse(failed.get("reactorAvailable").asBoolean());
	}

	@Test
	public void oneDeploymentByIdOr404Or400() throws Exception {
		addDeployments();
		StatusApi.Response r = api.get("/api/v1/deployments/18446744073709551614", active(null));
		assertEquals(200, r.status());
		assertEquals("FAILED", body(r).get("state").asText());
		assertEquals(200, api.get("/api/v1/deployments/1/", active(null)).status());

		StatusApi.Response missing = api.get("/api/v1/deployments/7", active(null));
		assertEquals(404, missing.status());
		assertEquals("no deployment 7", body(missing).get("error").asText());
		StatusApi.Response bad = api.get("/api/v1/deployments/-1", active(null));
		assertEquals(400, bad.status());
		assertTrue(body(bad).get("error").asText().contains("unsigned 64-bit"));
	}

	@Test
	public void unknownPathIs404NamingTheResources() throws Exception {
		StatusApi.Response r = api.get("/api/v2/x", active(null));
		assertEquals(404, r.status());
		assertTrue(body(r).get("error").asText().contains("/dinfra/metrics"));
		assertEquals(404, api.get(null, active(null)).status());
	}

	// ---- status ---------------------------------------------------------------------------------

	@Test
	public void statusCountsEveryStateAndListsReactorsAndTheSource() throws Exception {
		addDeployments();
		JsonNode s = body(api.get("/api/v1/status", active(source(true, 2))));
		assertEquals("active", s.get("agent").asText());
		assertEquals(2, s.get("deployments").get("total").asInt());
		JsonNode byState = s.get("deployments").get("byState");
		assertEquals(DeploymentState.values().length, byState.size());
		assertEquals(1, byState.get("RUNNING").asInt());
		assertEquals(1, byState.get("FAILED").asInt());
		assertEquals(0, byState.get("ASSIGNED").asInt());
		assertEquals("docker-compose", s.get("reactors").get(0).get("type").asText());
		assertEquals("org.dinfra.reactor.dockercompose", s.get("reactors").get(0).get("reactor").asText());
		assertEquals(1, s.get("reactors").get(0).get("version").asInt());
		assertEquals("chain", s.get("source").get("name").asText());
		assertTrue(s.get("source").get("inSync").asBoolean());
		assertEquals(2, s.get("source").get("lag").asLong());
		assertEquals("120", s.get("source").get("details").get("finalized").asText());
	}

	@Test
	public void statusWithoutCoreIs503() throws Exception {
		StatusApi.Response r = api.get("/api/v1/status", new AgentView(null, null, null, null));
		assertEquals(503, r.status());
		assertTrue(body(r).get("error").asText().contains("org.dinfra.core"));
		assertEquals(503, api.get("/api/v1/deployments", new AgentView(null, null, null, null)).status());
	}

	// ---- health ---------------------------------------------------------------------------------

	@Test
	public void healthyWhenActiveWithoutASourceStatus() throws Exception {
		StatusApi.Response r = api.get("/health", active(null));
		assertEquals(200, r.status());
		JsonNode h = body(r);
		assertEquals("UP", h.get("status").asText());
		assertEquals(0, h.get("problems").size());
		assertEquals(200, api.get("/health", active(source(true, 0))).status());
	}

	@Test
	public void unhealthyWhenTheSourceIsOutOfSyncWithTheReason() throws Exception {
		StatusApi.Response r = api.get("/health", active(source(false, 42)));
		assertEquals(503, r.status());
		JsonNode h = body(r);
		assertEquals("DOWN", h.get("status").asText());
		assertEquals("assignment source 'chain' is not in sync (lag 42)", h.get("problems").get(0).asText());
		assertEquals(42, h.get("source").get("lag").asLong());
	}

	@Test
	public void unhealthyWhenCoreIsNotActive() throws Exception {
		StatusApi.Response r = api.get("/health", new AgentView(null, null, null, source(false, -1)));
		assertEquals(503, r.status());
		JsonNode h = body(r);
		assertEquals("inactive", h.get("agent").asText());
		assertEquals(2, h.get("problems").size());
	}

	// ---- metrics --------------------------------------------------------------------------------

	@Test
	public void metricsExposeStatesReactorsSourceLatencyCallsAndErrors() {
		addDeployments();
		Histogram latency = new Histogram(List.of(0.5, 1.0), List.of(1L, 3L), 4, 2.75);
		Histogram deploys = new Histogram(List.of(0.5, 1.0), List.of(2L, 2L), 2, 0.5);
		snapshot = new AgentMetrics.Snapshot(Map.of(AgentMetrics.RUNNING, latency),
				Map.of(new Call("docker-compose", AgentMetrics.DEPLOY), deploys),
				Map.of(new CallError("docker-compose", AgentMetrics.DEPLOY, ReasonCode.NO_CAPACITY), 5L));
		StatusApi.Response r = api.get("/metrics", active(source(false, 7)));
		assertEquals(200, r.status());
		assertEquals("text/plain; version=0.0.4; charset=utf-8", r.contentType());
		List<String> lines = r.body().lines().toList();
		assertTrue(lines.contains("dinfra_agent_up 1"));
		assertTrue(lines.contains("# TYPE dinfra_deployments gauge"));
		assertTrue(lines.contains("dinfra_deployments{state=\"running\"} 1"));
		assertTrue(lines.contains("dinfra_deployments{state=\"failed\"} 1"));
		assertTrue(lines.contains("dinfra_deployments{state=\"assigned\"} 0"));
		assertTrue(lines.contains(
				"dinfra_reactor_info{type=\"docker-compose\",version=\"1\",reactor=\"org.dinfra.reactor.dockercompose\"} 1"));
		assertTrue(lines.contains("dinfra_source_lag{source=\"chain\"} 7"));
		assertTrue(lines.contains("dinfra_source_in_sync{source=\"chain\"} 0"));
		assertTrue(lines.contains("# TYPE dinfra_reconcile_latency_seconds histogram"));
		assertTrue(lines.contains("dinfra_reconcile_latency_seconds_bucket{outcome=\"running\",le=\"1\"} 3"));
		assertTrue(lines.contains("dinfra_reconcile_latency_seconds_bucket{outcome=\"running\",le=\"+Inf\"} 4"));
		assertTrue(lines.contains("dinfra_reconcile_latency_seconds_sum{outcome=\"running\"} 2.75"));
		assertTrue(lines.contains(
				"dinfra_reactor_call_duration_seconds_count{type=\"docker-compose\",operation=\"deploy\"} 2"));
		assertTrue(lines.contains("# TYPE dinfra_reactor_call_errors_total counter"));
		assertTrue(lines.contains("dinfra_reactor_call_errors_total{type=\"docker-compose\",operation=\"deploy\","
				+ "reason=\"NO_CAPACITY\",code=\"7\"} 5"));
		assertEquals("every family has one HELP and one TYPE line", lines.stream().filter(l -> l.startsWith("# HELP")).count(),
				lines.stream().filter(l -> l.startsWith("# TYPE")).count());
		assertTrue(r.body().endsWith("\n"));
	}

	@Test
	public void metricsWithoutCoreSayTheAgentIsDown() {
		StatusApi.Response r = api.get("/metrics", new AgentView(null, null, null, null));
		assertEquals(200, r.status());
		assertEquals("# HELP dinfra_agent_up 1 while the agent core is active.\n# TYPE dinfra_agent_up gauge\n"
				+ "dinfra_agent_up 0\n", r.body());
	}
}
