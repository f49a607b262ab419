package org.dinfra.reactor.dockercompose.internal;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Docker engine the lifecycle tests use: the one DOCKER_HOST names, which
 * scripts/test.sh starts (scripts/docker-engine.sh) with the test images built
 * (scripts/docker-test-images.sh). Tests fail, never skip, when it does not answer.
 */
final class Engine {
	static final String TEST_IMAGE = "dinfra/busybox:test";

	private Engine() {
	}

	/** @return DOCKER_HOST, after checking that the engine answers and has the test image */
	static String require() {
		String host = System.getenv("DOCKER_HOST");
		if (host == null || host.isBlank()) {
			fail("DOCKER_HOST is not set. These tests run against a real Docker engine: run scripts/test.sh, or "
					+ "`eval \"$(scripts/docker-engine.sh start ~/.cache/dinfra/test-docker)\"` and "
					+ "scripts/docker-test-images.sh, then run them again.");
		}
		Run info = run("info", "--format", "{{.ServerVersion}}");
		if (info.exit != 0) {
			fail("No Docker engine answers on DOCKER_HOST=" + host + ": " + info.output.strip()
					+ ". Start one with scripts/docker-engine.sh start DIR.");
		}
		if (run("image", "inspect", TEST_IMAGE).exit != 0) {
			fail("The engine on " + host + " has no image " + TEST_IMAGE + ": run scripts/docker-test-images.sh.");
		}
		return host;
	}

	record Run(int exit, String output) {
	}

	/** Runs docker with the test's DOCKER_HOST. */
	static Run run(String... args) {
		List<String> command = new ArrayList<>();
		command.add("docker");
		command.addAll(Arrays.asList(args));
		try {
			Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			p.getOutputStream().close();
			byte[] out = p.getInputStream().readAllBytes();
			if (!p.waitFor(60, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				fail("docker " + String.join(" ", args) + " hung");
			}
			return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new AssertionError("cannot run docker: " + e.getMessage(), e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	/** Runs docker and returns its output's non-empty lines, failing when it fails. */
	static List<String> lines(String... args) {
		Run r = run(args);
		if (r.exit != 0) {
			fail("docker " + String.join(" ", args) + " failed: " + r.output);
		}
		return r.output.lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
	}

	/** @return a port in 20000-29999 that nothing listens on at 127.0.0.1 right now */
	static int freePublishPort() {
		for (int i = 0; i < 200; i++) {
			int port = 20000 + (int) (Math.random() * 10000);
			try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return port;
			} catch (IOException e) {
				// taken: try another
			}
		}
		throw new IllegalStateException("no free port in 20000-29999");
	}
}
