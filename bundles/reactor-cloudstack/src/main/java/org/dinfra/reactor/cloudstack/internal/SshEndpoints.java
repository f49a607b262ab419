package org.dinfra.reactor.cloudstack.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.dinfra.core.api.Endpoint;

/** The endpoints reported for a VM: one {@code ssh://} URL per address it has. */
final class SshEndpoints {
	private final int sshPort;

	/** @param sshPort the port of the URLs */
	SshEndpoints(int sshPort) {
		this.sshPort = sshPort;
	}

	/** @return one ssh endpoint per address: every NIC's IPv4 and IPv6 address, then the public IP */
	List<Endpoint> of(JsonNode vm) {
		Set<String> hosts = new LinkedHashSet<>();
		for (JsonNode nic : vm.path("nic")) {
			if (!nic.path("ipaddress").asText().isEmpty()) {
				hosts.add(nic.path("ipaddress").asText());
			}
			if (!nic.path("ip6address").asText().isEmpty()) {
				hosts.add("[" + nic.path("ip6address").asText() + "]");
			}
		}
		if (!vm.path("publicip").asText().isEmpty()) {
			hosts.add(vm.path("publicip").asText());
		}
		List<Endpoint> endpoints = new ArrayList<>();
		for (String host : hosts) {
			endpoints.add(new Endpoint("ssh", "ssh://" + host + ":" + sshPort));
		}
		return endpoints;
	}
}
