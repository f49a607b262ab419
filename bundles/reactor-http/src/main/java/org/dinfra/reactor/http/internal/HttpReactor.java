package org.dinfra.reactor.http.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One descriptor type of an external reactor, served as a {@link Reactor}: every call is
 * forwarded to the endpoint. A deploy or teardown answered with 202 is followed by polling the
 * status until it settles.
 */
final class HttpReactor implements Reactor {
	private final ReactorApiClient client;
	private final String type;
	private final String schema;
	private final Function<String, String> publicKeyOf;
	private final Duration pollInterval;
	private final Duration operationTimeout;

	/**
	 * @param client           the endpoint
	 * @param type             the type id served
	 * @param schema           its JSON Schema, as the endpoint listed it
	 * @param publicKeyOf      the consumer's ed25519 public key (0x hex) of an SS58 account, or empty
	 *                         when the consumer is not an SS58 account
	 * @param pollInterval     how often to poll after a 202
	 * @param operationTimeout how long a 202 operation may take
	 */
	HttpReactor(ReactorApiClient client, String type, String schema, Function<String, String> publicKeyOf,
			Duration pollInterval, Duration operationTimeout) {
		this.client = client;
		this.type = type;
		this.schema = schema;
		this.publicKeyOf = publicKeyOf;
		this.pollInterval = pollInterval;
		this.operationTimeout = operationTimeout;
	}

	@Override
	public String schema() {
		return schema;
	}

	@Override
	public ReactorStatus deploy(DeploymentRequest request) throws ReactorException {
		ObjectNode body = ReactorApiClient.JSON.createObjectNode();
		body.put("type", request.type());
		try {
			body.set("descriptor", ReactorApiClient.JSON.readTree(request.descriptor()));
		} catch (IOException e) {
			throw ReactorException.permanent(ReasonCode.SCHEMA_INVALID, "the descriptor is not JSON",
					List.of("/: " + e.getMessage()));
		}
		body.put("descriptorCid", request.cid().toString());
		// The document's account is an SS58 address or empty: a consumer that is not one (an
		// assignment from a directory may name anyone) is sent as empty, without a public key.
		String publicKey = request.consumer().isBlank() ? "" : publicKeyOf.apply(request.consumer());
		ObjectNode consumer = body.putObject("consumer");
		consumer.put("account", publicKey.isEmpty() ? "" : request.consumer().strip());
		consumer.put("publicKey", publicKey);

		ReactorApiClient.Answer a = client.put(request.id(), body);
		String what = "PUT /deployments/" + Long.toUnsignedString(request.id());
		ReactorStatus status = switch (a.code()) {
			case 200, 201 -> ReactorApiClient.toStatus(a.body());
			case 202 -> awaitDeployed(request.id());
			default -> throw ReactorApiClient.failure(a, what);
		};
		if (status.state() == DeploymentState.FAILED) {
			throw failed(a.body(), status);
		}
		return status;
	}

	private ReactorStatus awaitDeployed(long id) throws ReactorException {
		long deadline = System.nanoTime() + operationTimeout.toNanos();
		while (true) {
			Optional<ReactorStatus> s = client.status(id);
			if (s.isPresent() && (s.get().state() == DeploymentState.RUNNING || s.get().state() == DeploymentState.FAILED)) {
				return s.get();
			}
			if (s.isEmpty()) {
				throw ReactorException.transientFailure("deployment " + Long.toUnsignedString(id)
						+ " was accepted (202) but its status is 404", null);
			}
			waitOrTimeout(deadline, "deploy of " + Long.toUnsignedString(id));
		}
	}

	/** A FAILED status becomes a permanent failure with the external reactor's reason. */
	private ReactorException failed(JsonNode body, ReactorStatus status) throws ReactorException {
		JsonNode reason = body.path("reason");
		if (!reason.isObject()) {
			reason = client.call("GET", "deployments/" + Long.toUnsignedString(status.id()), null).body().path("reason");
		}
		Reason r = reason.isObject() ? ReactorApiClient.toReason(reason)
				: Reason.of(ReasonCode.DEPLOY_FAILED, status.message());
		return new ReactorException(r, false, null);
	}

	@Override
	public void teardown(long id) throws ReactorException {
		ReactorApiClient.Answer a = client.delete(id);
		if (a.code() == 202) {
			long deadline = System.nanoTime() + operationTimeout.toNanos();
			while (client.status(id).isPresent()) {
				waitOrTimeout(deadline, "teardown of " + Long.toUnsignedString(id));
			}
		}
	}

	@Override
	public Optional<ReactorStatus> status(long id) throws ReactorException {
		return client.status(id);
	}

	@Override
	public List<ReactorStatus> inventory() throws ReactorException {
		List<ReactorStatus> mine = new ArrayList<>();
		for (JsonNode d : client.inventory()) {
			if (type.equals(d.path("type").asText())) {
				mine.add(ReactorApiClient.toStatus(d));
			}
		}
		return mine;
	}

	private void waitOrTimeout(long deadline, String what) throws ReactorException {
		if (System.nanoTime() > deadline) {
			throw new ReactorException(Reason.of(ReasonCode.TIMEOUT, what + " did not settle within " + operationTimeout),
					true, null);
		}
		try {
			Thread.sleep(pollInterval.toMillis());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw ReactorException.transientFailure("interrupted", e);
		}
	}

	@Override
	public String toString() {
		return "HttpReactor[" + type + "]";
	}
}
