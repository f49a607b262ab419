package org.dinfra.status.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.dinfra.core.api.AgentMetrics;
import org.dinfra.core.api.AgentMetrics.Call;
import org.dinfra.core.api.AgentMetrics.CallError;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.DescriptorType;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.SourceStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The read-only status API, independent of the servlet container: maps a path below
 * {@code /dinfra} and the services of the moment to a response.
 *
 * <ul>
 * <li>{@code /api/v1/deployments}, {@code /api/v1/deployments/{id}}: deployments as JSON;</li>
 * <li>{@code /api/v1/status}: deployments by state, reactors, the assignment source;</li>
 * <li>{@code /metrics}: Prometheus text format 0.0.4;</li>
 * <li>{@code /health}: 200 when the agent is active and its source in sync, else 503, with the reasons.</li>
 * </ul>
 */
final class StatusApi {
	/** Where the servlet is registered; the paths above are relative to it. */
	static final String ROOT = "/dinfra";
	static final String JSON = "application/json; charset=utf-8";
	static final String API = "/api/v1";

	/**
	 * @param status      the HTTP status
	 * @param contentType the Content-Type
	 * @param body        the body
	 */
	record Response(int status, String contentType, String body) {
	}

	private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	/**
	 * @param path  the request path below {@link #ROOT}, for example {@code /api/v1/status}
	 * @param agent the services of the moment
	 * @return the response
	 */
	Response get(String path, AgentView agent) {
		String p = path == null || path.isEmpty() ? "/" : path;
		if (p.length() > 1 && p.endsWith("/")) {
			p = p.substring(0, p.length() - 1);
		}
		return switch (p) {
			case "/metrics" -> new Response(200, PrometheusText.CONTENT_TYPE, metrics(agent));
			case "/health" -> health(agent);
			case API + "/status" -> agent.active() ? json(200, status(agent)) : inactive();
			case API + "/deployments" -> agent.active() ? json(200, deployments(agent)) : inactive();
			default -> p.startsWith(API + "/deployments/")
					? deployment(p.substring((API + "/deployments/").length()), agent)
					: error(404, "no such resource: " + ROOT + p + "; try " + ROOT + API + "/deployments, " + ROOT + API
							+ "/status, " + ROOT + "/metrics or " + ROOT + "/health");
		};
	}

	// ---- JSON -----------------------------------------------------------------------------------

	private ObjectNode deployments(AgentView agent) {
		ObjectNode list = mapper.createObjectNode();
		ArrayNode items = list.putArray("deployments");
		agent.deployments().list().forEach(d -> items.add(deployment(d)));
		return list;
	}

	private Response deployment(String idText, AgentView agent) {
		long id;
		try {
			id = Long.parseUnsignedLong(idText);
		} catch (NumberFormatException e) {
			return error(400, "not a deployment id (an unsigned 64-bit number): " + idText);
		}
		if (!agent.active()) {
			return inactive();
		}
		Optional<Deployment> d = agent.deployments().get(id);
		return d.isPresent() ? json(200, deployment(d.get())) : error(404, "no deployment " + idText);
	}

	/** One deployment; the id is a string, as unsigned 64-bit numbers do not fit a JSON number everywhere. */
	ObjectNode deployment(Deployment d) {
		ObjectNode n = mapper.createObjectNode();
		n.put("id", Long.toUnsignedString(d.id()));
		n.put("type", d.type());
		n.put("state", d.state().name());
		Reason r = d.reason();
		if (r == null) {
			n.putNull("reason");
		} else {
			ObjectNode reason = n.putObject("reason");
			reason.put("code", r.code().code());
			reason.put("name", r.code().name());
			reason.put("message", r.message());
			ArrayNode details = reason.putArray("details");
			r.details().forEach(details::add);
		}
		n.put("consumer", d.consumer());
		n.put("descriptor", d.descriptor().toString());
		ArrayNode endpoints = n.putArray("endpoints");
		for (Endpoint e : d.endpoints()) {
			endpoints.addObject().put("name", e.name()).put("uri", e.uri());
		}
		n.put("reactorAvailable", d.reactorAvailable());
		n.put("since", d.updated().toString());
		return n;
	}

	private ObjectNode status(AgentView agent) {
		ObjectNode n = mapper.createObjectNode();
		n.put("agent", "active");
		List<Deployment> all = agent.deployments().list();
		ObjectNode deployments = n.putObject("deployments");
		deployments.put("total", all.size());
		ObjectNode byState = deployments.putObject("byState");
		byState(all).forEach((state, count) -> byState.put(state.name(), count));
		ArrayNode reactors = n.putArray("reactors");
		for (DescriptorType t : agent.types().types()) {
			reactors.addObject().put("type", t.id()).put("version", t.version()).put("schemaId", t.schemaId())
					.put("reactor", t.reactor());
		}
		if (agent.source() == null) {
			n.putNull("source");
		} else {
			n.set("source", source(agent.source()));
		}
		return n;
	}

	private ObjectNode source(SourceStatus s) {
		ObjectNode n = mapper.createObjectNode();
		n.put("name", s.name());
		n.put("inSync", s.inSync());
		n.put("lag", s.lag());
		ObjectNode details = n.putObject("details");
		s.details().forEach(details::put);
		return n;
	}

	private Response health(AgentView agent) {
		List<String> problems = new ArrayList<>();
		if (!agent.active()) {
			problems.add("the agent core (bundle org.dinfra.core) is not active");
		}
		SourceStatus source = agent.source();
		if (source != null && !source.inSync()) {
			problems.add("assignment source '" + source.name() + "' is not in sync (lag " + source.lag() + ")");
		}
		ObjectNode n = mapper.createObjectNode();
		n.put("status", problems.isEmpty() ? "UP" : "DOWN");
		n.put("agent", agent.active() ? "active" : "inactive");
		if (source == null) {
			n.putNull("source");
		} else {
			n.set("source", source(source));
		}
		ArrayNode list = n.putArray("problems");
		problems.forEach(list::add);
		return json(problems.isEmpty() ? 200 : 503, n);
	}

	private Response inactive() {
		return error(503, "the agent core (bundle org.dinfra.core) is not active");
	}

	private Response error(int status, String message) {
		ObjectNode n = mapper.createObjectNode();
		n.put("error", message);
		return json(status, n);
	}

	private Response json(int status, ObjectNode body) {
		try {
			return new Response(status, JSON, mapper.writeValueAsString(body) + "\n");
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("error: cannot write JSON: " + e.getMessage(), e);
		}
	}

	private static Map<DeploymentState, Integer> byState(List<Deployment> all) {
		Map<DeploymentState, Integer> counts = new EnumMap<>(DeploymentState.class);
		for (DeploymentState s : DeploymentState.values()) {
			counts.put(s, 0);
		}
		all.forEach(d -> counts.merge(d.state(), 1, Integer::sum));
		return counts;
	}

	// ---- Prometheus -----------------------------------------------------------------------------

	/** @return every metric, in a stable order */
	String metrics(AgentView agent) {
		PrometheusText out = new PrometheusText();
		out.family("dinfra_agent_up", "gauge", "1 while the agent core is active.")
				.sample("dinfra_agent_up", Map.of(), agent.active() ? 1 : 0);
		if (agent.active()) {
			out.family("dinfra_deployments", "gauge", "Deployments known to the agent, by state.");
			byState(agent.deployments().list()).forEach((state, count) -> out.sample("dinfra_deployments",
					Map.of("state", state.name().toLowerCase(Locale.ROOT)), count));
			out.family("dinfra_reactor_info", "gauge", "1 for each descriptor type served by an installed reactor.");
			for (DescriptorType t : agent.types().types()) {
				out.sample("dinfra_reactor_info", labels("type", t.id(), "version", Integer.toString(t.version()),
						"reactor", t.reactor()), 1);
			}
		}
		SourceStatus source = agent.source();
		if (source != null) {
			out.family("dinfra_source_lag", "gauge",
					"How far the assignment source is behind what it follows (for a chain: finalized blocks); -1 when unknown.")
					.sample("dinfra_source_lag", labels("source", source.name()), source.lag());
			out.family("dinfra_source_in_sync", "gauge", "1 while the assignment source's view is authoritative.")
					.sample("dinfra_source_in_sync", labels("source", source.name()), source.inSync() ? 1 : 0);
		}
		if (agent.active()) {
			AgentMetrics.Snapshot s = agent.metrics().snapshot();
			out.family("dinfra_reconcile_latency_seconds", "histogram",
					"From an assignment being received to its deploy finishing, by outcome (running or failed).");
			s.reconcileLatency().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(
					e -> out.histogram("dinfra_reconcile_latency_seconds", labels("outcome", e.getKey()), e.getValue()));
			out.family("dinfra_reactor_call_duration_seconds", "histogram",
					"Duration of reactor calls, by descriptor type and operation (deploy, teardown, inventory).");
			s.reactorCalls().entrySet().stream()
					.sorted(Map.Entry.comparingByKey(Comparator.comparing(Call::type).thenComparing(Call::operation)))
					.forEach(e -> out.histogram("dinfra_reactor_call_duration_seconds",
							labels("type", e.getKey().type(), "operation", e.getKey().operation()), e.getValue()));
			out.family("dinfra_reactor_call_errors_total", "counter",
					"Reactor calls that failed, by descriptor type, operation and reason code.");
			s.reactorErrors().entrySet().stream()
					.sorted(Map.Entry.comparingByKey(Comparator.comparing(CallError::type)
							.thenComparing(CallError::operation).thenComparing(e -> e.code().code())))
					.forEach(e -> out.sample("dinfra_reactor_call_errors_total",
							labels("type", e.getKey().type(), "operation", e.getKey().operation(), "reason",
									e.getKey().code().name(), "code", Integer.toString(e.getKey().code().code())),
							e.getValue()));
		}
		return out.toString();
	}

	private static Map<String, String> labels(String... namesAndValues) {
		Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			m.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return m;
	}
}
