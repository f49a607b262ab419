package org.dinfra.reactor.cloudstack.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.dinfra.reactor.cloudstack.testing.FakeCloudStack;

/** A {@link CloudStackReactorConfig} as DS would build it: the given values, the rest defaults. */
final class TestConfig {
	private TestConfig() {
	}

	static CloudStackReactorConfig of(Map<String, Object> values) {
		Map<String, Object> v = new HashMap<>(values);
		return (CloudStackReactorConfig) Proxy.newProxyInstance(TestConfig.class.getClassLoader(),
				new Class<?>[] {CloudStackReactorConfig.class}, (proxy, method, args) -> {
					if (method.getDeclaringClass() == Object.class) {
						return switch (method.getName()) {
							case "toString" -> "TestConfig" + v;
							case "hashCode" -> System.identityHashCode(proxy);
							case "equals" -> proxy == args[0];
							default -> throw new UnsupportedOperationException(method.getName());
						};
					}
					if (method.getName().equals("annotationType")) {
						return CloudStackReactorConfig.class;
					}
					Object value = v.get(method.getName());
					return value != null ? value : method.getDefaultValue();
				});
	}

	/** A configuration pointing at a fake, with fast polling. */
	static Map<String, Object> forFake(FakeCloudStack fake, String apiKey, String secretKey) {
		Map<String, Object> m = new HashMap<>();
		m.put("endpoint", fake.url());
		m.put("apiKey", apiKey);
		m.put("secretKey", secretKey);
		m.put("providerId", "test-provider");
		m.put("pollIntervalMs", 20L);
		m.put("asyncJobTimeoutSeconds", 10);
		m.put("runningTimeoutSeconds", 10);
		m.put("httpTimeoutSeconds", 5);
		return m;
	}
}
