package org.dinfra.reactor.dockercompose.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Builds a {@link DockerComposeReactorConfig} as DS would: the annotation's defaults, some values overridden. */
final class Configs {
	private Configs() {
	}

	static DockerComposeReactorConfig config(Map<String, Object> overrides) {
		Map<String, Object> values = new HashMap<>(overrides);
		return (DockerComposeReactorConfig) Proxy.newProxyInstance(Configs.class.getClassLoader(),
				new Class<?>[] {DockerComposeReactorConfig.class}, (proxy, method, args) -> {
					if (method.getDeclaringClass() == Object.class) {
						return switch (method.getName()) {
							case "toString" -> "config" + values;
							case "hashCode" -> values.hashCode();
							default -> proxy == args[0];
						};
					}
					if (method.getName().equals("annotationType")) {
						return DockerComposeReactorConfig.class;
					}
					Object v = values.get(method.getName());
					return v != null ? v : method.getDefaultValue();
				});
	}
}
