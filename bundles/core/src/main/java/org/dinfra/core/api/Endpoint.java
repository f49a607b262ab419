package org.dinfra.core.api;

import java.util.Objects;

/**
 * Where a consumer reaches a running deployment.
 *
 * @param name what it is, for example the Compose service and port ({@code web:8080}) or {@code ssh}
 * @param uri  how to reach it, for example {@code http://203.0.113.7:18080} or {@code ssh://203.0.113.7:22}
 */
public record Endpoint(String name, String uri) {
	public Endpoint {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(uri, "uri");
	}
}
