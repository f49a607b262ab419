package org.dinfra.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program in the foreground with this terminal, and stops it with everything it started
 * when this command line is stopped (Ctrl-C, SIGTERM): launcher scripts such as bin/karaf run
 * the real process as their child, so destroying the launcher alone would leave it running.
 */
final class ForegroundProcess {
	private ForegroundProcess() {
	}

	/**
	 * @param command     the program and its arguments
	 * @param environment extra environment variables (copied over the inherited ones)
	 * @param stopTimeoutSeconds how long each process gets to stop after SIGTERM before SIGKILL
	 * @return its exit code
	 */
	static int run(List<String> command, java.util.Map<String, String> environment, long stopTimeoutSeconds)
			throws IOException, InterruptedException {
		ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
		pb.environment().putAll(environment);
		Process process = pb.start();
		Thread stopper = new Thread(() -> stopTree(process, stopTimeoutSeconds), "dinfra-foreground-stop");
		Runtime.getRuntime().addShutdownHook(stopper);
		int code = process.waitFor();
		try {
			Runtime.getRuntime().removeShutdownHook(stopper);
		} catch (IllegalStateException e) {
			// shutting down already: the hook runs
		}
		return code;
	}

	private static void stopTree(Process process, long stopTimeoutSeconds) {
		List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
		tree.add(process.toHandle());
		tree.forEach(ProcessHandle::destroy);
		for (ProcessHandle h : tree) {
			try {
				h.onExit().get(stopTimeoutSeconds, TimeUnit.SECONDS);
			} catch (Exception e) {
				h.destroyForcibly();
			}
		}
	}
}
