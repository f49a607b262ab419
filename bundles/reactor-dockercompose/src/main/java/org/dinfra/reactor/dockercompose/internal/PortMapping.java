package org.dinfra.reactor.dockercompose.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of a service's {@code ports}, in either Compose syntax.
 *
 * @param hostIp    the address to publish on, or null when the descriptor names none
 * @param published the published port, or null when the descriptor names none
 * @param target    the container port
 * @param protocol  tcp or udp
 */
record PortMapping(String hostIp, Integer published, int target, String protocol) {
	/**
	 * @param node a short-syntax string, a bare container port, or a long-syntax object
	 * @return the mapping
	 * @throws IllegalArgumentException when it cannot be read
	 */
	static PortMapping parse(JsonNode node) {
		if (node.isIntegralNumber()) {
			return new PortMapping(null, null, port(node.asText()), "tcp");
		}
		if (node.isObject()) {
			JsonNode published = node.get("published");
			JsonNode hostIp = node.get("host_ip");
			return new PortMapping(hostIp == null || hostIp.isNull() ? null : hostIp.asText(),
					published == null || published.isNull() ? null : port(published.asText()),
					port(node.path("target").asText()), node.path("protocol").asText("tcp"));
		}
		String s = node.asText();
		String protocol = "tcp";
		int slash = s.indexOf('/');
		if (slash >= 0) {
			protocol = s.substring(slash + 1);
			s = s.substring(0, slash);
		}
		String ip = null;
		if (s.startsWith("[")) {
			int close = s.indexOf(']');
			if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
				throw new IllegalArgumentException("cannot read port '" + node.asText() + "'");
			}
			ip = s.substring(1, close);
			s = s.substring(close + 2);
		}
		String[] parts = s.split(":", -1);
		if (ip == null && parts.length == 3) {
			return new PortMapping(parts[0], port(parts[1]), port(parts[2]), protocol);
		}
		if (parts.length == 2) {
			return new PortMapping(ip, port(parts[0]), port(parts[1]), protocol);
		}
		if (parts.length == 1 && ip == null) {
			return new PortMapping(null, null, port(parts[0]), protocol);
		}
		throw new IllegalArgumentException("cannot read port '" + node.asText() + "'");
	}

	private static int port(String s) {
		try {
			int p = Integer.parseInt(s.trim());
			if (p < 1 || p > 65535) {
				throw new IllegalArgumentException("port " + p + " out of range 1-65535");
			}
			return p;
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + s + "' is not a port", e);
		}
	}

	/** @return the short syntax Compose is given: ip:published:target/protocol */
	String shortSyntax(String address) {
		String ip = address.contains(":") ? "[" + address + "]" : address;
		return ip + ":" + published + ":" + target + "/" + protocol;
	}
}
