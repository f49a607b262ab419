package org.dinfra.reactor.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One external reactor endpoint: a factory configuration, one per endpoint
 * ({@code etc/org.dinfra.reactor.http-<name>.cfg}).
 */
@ObjectClassDefinition(name = "DINFRA HTTP reactor bridge",
		description = "An external reactor that implements the Chain Reactor API (api/chain-reactor-api.yaml). "
				+ "One configuration per endpoint; every type it lists is served as a reactor.")
public @interface HttpReactorConfig {
	@AttributeDefinition(name = "URL", description = "The API's base URL including the version prefix, "
			+ "for example http://127.0.0.1:8081/v1.")
	String url();

	@AttributeDefinition(name = "Bearer token", description = "The token sent as 'Authorization: Bearer <token>'. "
			+ "Empty: read tokenFile, else send none.", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
	String token() default "";

	@AttributeDefinition(name = "Token file", description = "A file whose first line is the bearer token, "
			+ "used when token is empty; read at every (re)connection.")
	String tokenFile() default "";

	@AttributeDefinition(name = "Connect timeout (ms)", description = "How long opening a connection may take.")
	long connectTimeoutMs() default 5000;

	@AttributeDefinition(name = "Call timeout (ms)", description = "How long one HTTP call may take in all, "
			+ "including a synchronous deploy by the external reactor.")
	long callTimeoutMs() default 120000;

	@AttributeDefinition(name = "Retries", description = "How often an idempotent call (all of this API's calls) "
			+ "is retried after an I/O error or a 5xx answer before the failure is reported as transient.")
	int retries() default 3;

	@AttributeDefinition(name = "Retry backoff (ms)", description = "The first retry delay; it doubles per retry.")
	long retryBackoffMs() default 500;

	@AttributeDefinition(name = "Poll interval (ms)", description = "How often the status is polled after a 202 answer "
			+ "to a deploy or a teardown.")
	long pollIntervalMs() default 1000;

	@AttributeDefinition(name = "Operation timeout (s)", description = "How long a deploy or teardown answered with 202 "
			+ "may take until it is reported as a transient TIMEOUT.")
	long operationTimeoutSeconds() default 600;

	@AttributeDefinition(name = "Types refresh interval (s)", description = "How often GET /types is asked again, "
			+ "so that types appear and disappear while the bridge runs; also the retry interval while the "
			+ "endpoint is down.")
	long refreshIntervalSeconds() default 30;
}
