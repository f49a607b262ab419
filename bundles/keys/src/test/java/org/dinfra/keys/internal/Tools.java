package org.dinfra.keys.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real OpenSSH tools. They are required, not optional: the test script installs
 * {@code openssh-client} and {@code openssh-server}; a missing tool fails the test with the
 * package to install.
 */
final class Tools {
	record Result(int exit, String out) {
	}

	private Tools() {
	}

	static String require(String tool, String debianPackage) {
		for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin", "/usr/local/sbin")) {
			Path p = Path.of(dir, tool);
			if (Files.isExecutable(p)) {
				return p.toString();
			}
		}
		throw new AssertionError(tool + " is missing: install it (apt-get install -y " + debianPackage + ")");
	}

	static String sshKeygen() {
		return require("ssh-keygen", "openssh-client");
	}

	/** Runs a command with stdin closed, stderr merged into stdout, for at most 60 seconds. */
	static Result run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
		byte[] out = process.getInputStream().readAllBytes();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("timed out: " + command);
		}
		return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
	}
}
