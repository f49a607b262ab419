package org.dinfra.itest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Docker engine of the docker-compose reactor's integration tests: the one DOCKER_HOST names
 * (scripts/test.sh starts it and builds the test image dinfra/busybox:test). Tests fail with this
 * message when there is none.
 */
public final class Docker {
	public static final String TEST_IMAGE = "dinfra/busybox:test";

	private Docker() {
	}

	/** @return DOCKER_HOST of this JVM, checked to answer */
	public static String requireHost() {
		String host = System.getenv("DOCKER_HOST");
		if (host == null || host.isBlank()) {
			throw new IllegalStateException("DOCKER_HOST is not set: the docker-compose integration tests need a Docker "
					+ "engine; run scripts/test.sh, or start one with scripts/docker-engine.sh start DIR and build the "
					+ "test image with scripts/docker-test-images.sh");
		}
		if (run(host, "image", "inspect", TEST_IMAGE).isEmpty()) {
			throw new IllegalStateException("the engine on " + host + " does not answer or lacks " + TEST_IMAGE);
		}
		return host;
	}

	/** Runs docker against {@code host}; returns its output lines, or an empty list when it failed. */
	public static List<String> run(String host, String... args) {
		List<String> command = new ArrayList<>();
		command.add(program());
		command.addAll(Arrays.asList(args));
		try {
			ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
			pb.environment().put("DOCKER_HOST", host);
			Process p = pb.start();
			p.getOutputStream().close();
			byte[] out = p.getInputStream().readAllBytes();
			if (!p.waitFor(60, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				return List.of();
			}
			if (p.exitValue() != 0) {
				return List.of();
			}
			return new String(out, StandardCharsets.UTF_8).lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
		} catch (IOException e) {
			throw new IllegalStateException("cannot run docker: " + e.getMessage(), e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static String program() {
		for (String dir : List.of("/usr/local/bin", "/usr/bin", "/bin")) {
			if (new java.io.File(dir, "docker").canExecute()) {
				return dir + "/docker";
			}
		}
		return "docker";
	}

	/** @return ids of the containers with both labels */
	public static List<String> containers(String host, String provider, long id) {
		return run(host, "ps", "-a", "-q", "--filter", "label=org.dinfra.provider=" + provider, "--filter",
				"label=org.dinfra.subscription=" + id);
	}

	/** @return what is left of project dinfra-ID: containers, networks, volumes */
	public static List<String> leftovers(String host, long id) {
		String label = "label=com.docker.compose.project=dinfra-" + id;
		List<String> all = new ArrayList<>();
		all.addAll(run(host, "ps", "-a", "-q", "--filter", label));
		all.addAll(run(host, "network", "ls", "-q", "--filter", label));
		all.addAll(run(host, "volume", "ls", "-q", "--filter", label));
		return all;
	}

	/** Removes every container and volume of a provider (test cleanup). */
	public static void removeProvider(String host, String provider) {
		List<String> ids = run(host, "ps", "-a", "-q", "--filter", "label=org.dinfra.provider=" + provider);
		if (!ids.isEmpty()) {
			List<String> args = new ArrayList<>(List.of("rm", "-f", "-v"));
			args.addAll(ids);
			run(host, args.toArray(String[]::new));
		}
	}

	/** @return the body of an HTTP GET, or null when it does not answer 200 */
	public static String get(String url) {
		try {
			HttpResponse<String> r = HttpClient.newHttpClient().send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			return r.statusCode() == 200 ? r.body() : null;
		} catch (IOException e) {
			return null;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** @return a port in 20000-29999 that nothing listens on at 127.0.0.1 right now */
	public static int freePublishPort() {
		for (int i = 0; i < 200; i++) {
			int port = 20000 + (int) (Math.random() * 10000);
			try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
				return port;
			} catch (IOException e) {
				// taken
			}
		}
		throw new IllegalStateException("no free port in 20000-29999");
	}

	/** A web service on the test image with a health check; {@code delay} seconds pass before it serves. */
	public static String webDescriptor(int port, int delay) {
		return "{\"services\": {\"web\": {\"image\": \"" + TEST_IMAGE + "\", \"ports\": [\"" + port + ":8080\"],"
				+ " \"command\": [\"sh\", \"-c\", \"sleep " + delay + "; exec httpd -f -p 8080 -h /www\"],"
				+ " \"healthcheck\": {\"test\": [\"CMD\", \"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:8080/\"],"
				+ " \"interval\": \"1s\", \"timeout\": \"2s\", \"retries\": 60}}}}";
	}
}
