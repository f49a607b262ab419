package org.dinfra.reactor.cloudstack.internal;

import static org.dinfra.reactor.cloudstack.internal.CloudStackCall.ignoringGone;
import static org.dinfra.reactor.cloudstack.internal.CloudStackCall.step;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.dinfra.core.api.KeyedLocks;
import org.dinfra.core.api.ReactorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumers' SSH key pairs ({@link Ownership#keyPairName}), shared by all VMs of one consumer:
 * registered before a VM is deployed with one, removed once no VM uses it. Both hold the key
 * pair's lock, so that no teardown removes a key pair between its registration and the
 * deployVirtualMachine that uses it.
 */
final class KeyPairs {
	private static final Logger LOG = LoggerFactory.getLogger(KeyPairs.class);

	private final CloudStackClient client;
	private final KeyedLocks<String> locks = new KeyedLocks<>();

	KeyPairs(CloudStackClient client) {
		this.client = client;
	}

	/**
	 * Registers a key pair unless it exists, then runs {@code use} (which deploys a VM with it),
	 * holding the key pair's lock throughout.
	 *
	 * @param name      the key pair's name
	 * @param publicKey the consumer's OpenSSH public key line
	 * @return what {@code use} gives
	 */
	<T> T whileRegistered(String name, String publicKey, KeyedLocks.Body<T, ReactorException> use)
			throws ReactorException {
		return locks.withLock(name, () -> {
			step("registering key pair " + name, () -> {
				ensureRegistered(name, publicKey);
				return null;
			});
			return use.run();
		});
	}

	private void ensureRegistered(String name, String publicKey) throws CloudStackException {
		if (exists(name)) {
			return;
		}
		try {
			client.call("registerSSHKeyPair", Map.of("name", name, "publickey", publicKey));
			LOG.info("Registered key pair {}", name);
		} catch (CloudStackException e) {
			if (!exists(name)) { // another agent on the same account may have registered it meanwhile
				throw e;
			}
		}
	}

	private boolean exists(String name) throws CloudStackException {
		List<JsonNode> found = client.list("listSSHKeyPairs", Map.of("name", name), "sshkeypair");
		return found.stream().anyMatch(k -> name.equals(k.path("name").asText()));
	}

	/**
	 * Removes a key pair of this reactor's (named {@code dinfra-...}) that no VM uses.
	 *
	 * @param id   the deployment being torn down, for the log
	 * @param name the key pair
	 */
	void removeIfUnused(long id, String name) throws ReactorException {
		if (!name.startsWith(Ownership.PREFIX)) {
			return;
		}
		locks.withLock(name, () -> {
			List<JsonNode> users = step("checking who uses key pair " + name,
					() -> client.list("listVirtualMachines", Map.of("keypair", name), "virtualmachine"));
			if (users.isEmpty()) {
				LOG.info("Teardown of {}: removing key pair {}, used by no VM", Long.toUnsignedString(id), name);
				step("removing key pair " + name, () -> ignoringGone(() -> client.call("deleteSSHKeyPair", Map.of("name", name))));
			}
			return null;
		});
	}

	/** @return the key pairs of a VM: {@code keypairs} (CloudStack 4.17+, comma-separated) or {@code keypair} */
	static Set<String> of(JsonNode vm) {
		Set<String> names = new LinkedHashSet<>();
		for (String field : new String[] {"keypairs", "keypair"}) {
			for (String n : vm.path(field).asText("").split(",")) {
				if (!n.isBlank()) {
					names.add(n.strip());
				}
			}
		}
		return names;
	}

	/** @return how many key pairs have a lock in use (none once every deploy and teardown has returned) */
	int locksInUse() {
		return locks.size();
	}
}
