package org.dinfra.core.internal.journal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@link JournalRecord} as the JSON object the journal stores, in log lines and snapshots:
 * reason codes by their stable number, times in epoch milliseconds.
 */
final class RecordJson {
	static final ObjectMapper JSON = new ObjectMapper();

	private RecordJson() {
	}

	/** @return the record serialised as a JSON object */
	static byte[] bytes(JournalRecord r) throws IOException {
		return JSON.writeValueAsBytes(toJson(r));
	}

	static ObjectNode toJson(JournalRecord r) {
		Deployment d = r.deployment();
		ObjectNode n = JSON.createObjectNode();
		n.put("id", d.id());
		n.put("type", d.type());
		n.put("cid", d.descriptor().toString());
		n.put("consumer", d.consumer());
		n.put("state", d.state().name());
		if (d.reason() != null) {
			ObjectNode reason = n.putObject("reason");
			reason.put("code", d.reason().code().code());
			reason.put("message", d.reason().message());
			ArrayNode details = reason.putArray("details");
			d.reason().details().forEach(details::add);
		}
		ArrayNode endpoints = n.putArray("endpoints");
		for (Endpoint e : d.endpoints()) {
			endpoints.addObject().put("name", e.name()).put("uri", e.uri());
		}
		n.put("updated", d.updated().toEpochMilli());
		if (r.reported() != null) {
			n.put("reported", r.reported().name());
		}
		return n;
	}

	static JournalRecord fromJson(JsonNode n) {
		Reason reason = null;
		JsonNode rn = n.get("reason");
		if (rn != null && rn.isObject()) {
			List<String> details = new ArrayList<>();
			rn.path("details").forEach(x -> details.add(x.asText()));
			reason = new Reason(ReasonCode.of(rn.path("code").asInt()), rn.path("message").asText(), details);
		}
		List<Endpoint> endpoints = new ArrayList<>();
		n.path("endpoints").forEach(e -> endpoints.add(new Endpoint(e.path("name").asText(), e.path("uri").asText())));
		Deployment d = new Deployment(n.path("id").asLong(), n.path("type").asText(), Cid.parse(n.path("cid").asText()),
				n.path("consumer").asText(), DeploymentState.valueOf(n.path("state").asText()), reason, endpoints, true,
				Instant.ofEpochMilli(n.path("updated").asLong()));
		JsonNode reported = n.get("reported");
		return new JournalRecord(d, reported == null ? null : DeploymentState.valueOf(reported.asText()));
	}
}
