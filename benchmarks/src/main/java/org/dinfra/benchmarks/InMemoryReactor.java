package org.dinfra.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.ReactorStatus;

/**
 * A reactor whose infrastructure is a map: deploys succeed at once, so a benchmark measures the
 * agent, not a backend. Keeps to the {@link Reactor} contract (idempotent deploy and teardown,
 * complete inventory).
 */
final class InMemoryReactor implements Reactor {
	/** The descriptor type served. */
	static final String TYPE = "compose";
	/** A small Compose-like schema (draft 2020-12), as in core's tests. */
	static final String SCHEMA = """
			{
			  "$schema": "https://json-schema.org/draft/2020-12/schema",
			  "$id": "https://schemas.dinfra.test/compose.schema.json",
			  "type": "object",
			  "required": ["services"],
			  "additionalProperties": false,
			  "properties": {
			    "services": {
			      "type": "object",
			      "minProperties": 1,
			      "additionalProperties": {
			        "type": "object",
			        "required": ["image"],
			        "additionalProperties": false,
			        "properties": {
			          "image": { "type": "string", "minLength": 1 },
			          "replicas": { "type": "integer", "minimum": 1 }
			        }
			      }
			    }
			  }
			}
			""";

	private final Map<Long, ReactorStatus> deployments = new ConcurrentHashMap<>();

	/** @return service properties registering this reactor for {@link #TYPE} */
	static Map<String, Object> properties() {
		return Map.of(Reactor.TYPE, TYPE, Reactor.TYPE_VERSION, 1, "service.ranking", 0);
	}

	/** @return how many deployments run */
	int size() {
		return deployments.size();
	}

	@Override
	public String schema() {
		return SCHEMA;
	}

	@Override
	public ReactorStatus deploy(DeploymentRequest request) {
		return deployments.computeIfAbsent(request.id(), id -> ReactorStatus.running(id,
				List.of(new Endpoint("web:80", "http://127.0.0.1:" + (20000 + Math.floorMod(id, 1000))))));
	}

	@Override
	public void teardown(long id) {
		deployments.remove(id);
	}

	@Override
	public Optional<ReactorStatus> status(long id) {
		return Optional.ofNullable(deployments.get(id));
	}

	@Override
	public List<ReactorStatus> inventory() {
		return List.copyOf(deployments.values());
	}
}
