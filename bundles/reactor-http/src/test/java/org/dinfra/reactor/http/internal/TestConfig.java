package org.dinfra.reactor.http.internal;

import java.lang.annotation.Annotation;

/** A bridge configuration for tests: fast polls and retries, short timeouts. */
final class TestConfig implements HttpReactorConfig {
	String url;
	String token = "secret-token";
	String tokenFile = "";
	int retries = 2;
	long refreshIntervalSeconds = 1;
	long operationTimeoutSeconds = 20;

	TestConfig(String url) {
		this.url = url;
	}

	@Override
	public Class<? extends Annotation> annotationType() {
		return HttpReactorConfig.class;
	}

	@Override
	public String url() {
		return url;
	}

	@Override
	public String token() {
		return token;
	}

	@Override
	public String tokenFile() {
		return tokenFile;
	}

	@Override
	public long connectTimeoutMs() {
		return 2000;
	}

	@Override
	public long callTimeoutMs() {
		return 30000;
	}

	@Override
	public int retries() {
		return retries;
	}

	@Override
	public long retryBackoffMs() {
		return 10;
	}

	@Override
	public long pollIntervalMs() {
		return 20;
	}

	@Override
	public long operationTimeoutSeconds() {
		return operationTimeoutSeconds;
	}

	@Override
	public long refreshIntervalSeconds() {
		return refreshIntervalSeconds;
	}
}
