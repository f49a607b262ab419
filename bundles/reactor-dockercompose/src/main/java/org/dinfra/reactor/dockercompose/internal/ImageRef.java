package org.dinfra.reactor.dockercompose.internal;

import java.util.Locale;

/** Image references and the policy's image prefixes, both normalised to a registry-qualified form. */
final class ImageRef {
	private static final String DEFAULT_REGISTRY = "docker.io";

	private ImageRef() {
	}

	/**
	 * @param image an image reference as Docker reads it: {@code nginx:1.27}, {@code parity/polkadot:v1},
	 *              {@code ghcr.io/org/app@sha256:...}
	 * @return its repository, registry-qualified, without tag or digest: {@code docker.io/library/nginx}
	 */
	static String repository(String image) {
		String ref = image.trim();
		int at = ref.indexOf('@');
		if (at >= 0) {
			ref = ref.substring(0, at);
		}
		int colon = ref.lastIndexOf(':');
		if (colon > ref.lastIndexOf('/')) {
			ref = ref.substring(0, colon);
		}
		return qualify(ref, false);
	}

	/**
	 * @param prefix a configured prefix: {@code docker.io/library/}, {@code dinfra/}, {@code ghcr.io/org/},
	 *               or a whole repository such as {@code nginx}
	 * @return the prefix, registry-qualified; ends with '/' when it names a namespace
	 */
	static String prefix(String prefix) {
		String p = prefix.trim();
		if (p.endsWith("/")) {
			return qualify(p.substring(0, p.length() - 1), true) + "/";
		}
		return repository(p);
	}

	/**
	 * @param image    an image reference
	 * @param prefixes normalised prefixes ({@link #prefix})
	 * @return whether a prefix allows the image
	 */
	static boolean allowed(String image, Iterable<String> prefixes) {
		String repo = repository(image);
		for (String p : prefixes) {
			if (p.endsWith("/") ? repo.startsWith(p) : repo.equals(p)) {
				return true;
			}
		}
		return false;
	}

	private static String qualify(String ref, boolean namespace) {
		int slash = ref.indexOf('/');
		String first = slash < 0 ? ref : ref.substring(0, slash);
		boolean hasRegistry = slash >= 0 || namespace
				? first.contains(".") || first.contains(":") || first.equals("localhost")
				: false;
		if (hasRegistry) {
			String registry = first.toLowerCase(Locale.ROOT);
			if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
				registry = DEFAULT_REGISTRY;
			}
			String rest = slash < 0 ? "" : ref.substring(slash);
			if (registry.equals(DEFAULT_REGISTRY) && !rest.isEmpty() && rest.indexOf('/', 1) < 0 && !namespace) {
				return DEFAULT_REGISTRY + "/library" + rest;
			}
			return registry + rest;
		}
		if (slash < 0 && !namespace) {
			return DEFAULT_REGISTRY + "/library/" + ref;
		}
		return DEFAULT_REGISTRY + "/" + ref;
	}
}
