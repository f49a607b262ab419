package org.dinfra.reactor.cloudstack.internal;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The states of a CloudStack VM ({@code com.cloud.vm.VirtualMachine.State}), as the
 * {@code state} field of {@code listVirtualMachines} names them.
 */
enum VmState {
	/** Being started on a host. */
	STARTING("Starting"),
	/** Running on a host. */
	RUNNING("Running"),
	/** Being stopped. */
	STOPPING("Stopping"),
	/** Stopped; can be started again. */
	STOPPED("Stopped"),
	/** Marked for destroy, not expunged yet (it can still be recovered). */
	DESTROYED("Destroyed"),
	/** Being expunged: on its way out for good. */
	EXPUNGING("Expunging"),
	/** Being migrated to another host; it runs meanwhile. */
	MIGRATING("Migrating"),
	/** Failed to be created. */
	ERROR("Error"),
	/** CloudStack does not know the VM's state. */
	UNKNOWN("Unknown"),
	/** Shut down from inside. */
	SHUTDOWN("Shutdown"),
	/** A state this reactor does not know (of a newer CloudStack), or no state at all. */
	UNRECOGNISED(null);

	private static final Map<String, VmState> BY_NAME = new HashMap<>();

	static {
		for (VmState s : values()) {
			if (s.apiName != null) {
				BY_NAME.put(s.apiName, s);
			}
		}
	}

	private final String apiName;

	VmState(String apiName) {
		this.apiName = apiName;
	}

	/**
	 * @param name the state as the API names it (exactly, case included)
	 * @return the state, {@link #UNRECOGNISED} for any other text
	 */
	static VmState parse(String name) {
		return BY_NAME.getOrDefault(name, UNRECOGNISED);
	}

	/** @return the state of a VM object of the API */
	static VmState of(JsonNode vm) {
		return parse(vm.path("state").asText());
	}
}
