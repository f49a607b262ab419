package org.dinfra.reactor.dockercompose.internal;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of a service's {@code volumes}, in either Compose syntax.
 *
 * @param source   the named volume, a host path (when {@link #bind}), or null for an anonymous volume
 * @param target   the path in the container
 * @param readOnly whether it is mounted read-only
 * @param bind     whether the source is a host path (a bind mount)
 */
record VolumeMount(String source, String target, boolean readOnly, boolean bind) {
	private static final Pattern NAMED = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

	/**
	 * @param node a short-syntax string or a long-syntax object
	 * @return the mount
	 * @throws IllegalArgumentException when it cannot be read
	 */
	static VolumeMount parse(JsonNode node) {
		if (node.isObject()) {
			String type = node.path("type").asText("volume");
			String source = node.hasNonNull("source") ? node.get("source").asText() : null;
			boolean bind = type.equals("bind") || (source != null && !NAMED.matcher(source).matches());
			if (!type.equals("volume") && !type.equals("bind")) {
				throw new IllegalArgumentException("volume type " + type + " is not supported");
			}
			return new VolumeMount(source, node.path("target").asText(), node.path("read_only").asBoolean(false), bind);
		}
		String s = node.asText();
		String[] parts = s.split(":", -1);
		boolean readOnly = false;
		int n = parts.length;
		if (n >= 2 && (parts[n - 1].equals("ro") || parts[n - 1].equals("rw"))) {
			readOnly = parts[n - 1].equals("ro");
			n--;
		}
		if (n == 1) {
			if (!parts[0].startsWith("/")) {
				// "data" alone is a relative host path to Compose v1 and an error to v2
				throw new IllegalArgumentException("cannot read volume '" + s + "'; write NAME:/path or /path");
			}
			return new VolumeMount(null, parts[0], readOnly, false);
		}
		if (n == 2) {
			String source = parts[0];
			return new VolumeMount(source, parts[1], readOnly, !NAMED.matcher(source).matches());
		}
		throw new IllegalArgumentException("cannot read volume '" + s + "'");
	}

	/** @return the short syntax Compose is given */
	String shortSyntax() {
		return (source == null ? "" : source + ":") + target + (readOnly ? ":ro" : "");
	}
}
