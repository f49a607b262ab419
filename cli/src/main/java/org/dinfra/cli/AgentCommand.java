package org.dinfra.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./dinfra agent}: builds the distribution when missing or stale and runs it in the foreground. */
@Command(name = "agent", mixinStandardHelpOptions = true,
		description = {"Runs the Chain Reactor agent (the Karaf distribution) in the foreground, with its console.",
				"Builds the distribution first when it is missing or older than the sources. State (journal, content "
						+ "store, assignments, logs) is kept in $DINFRA_HOME/agent/data (default ~/.dinfra).",
				"Leave the console with 'logout' or Ctrl-D; that stops the agent."})
public final class AgentCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Option(names = "--no-build", description = "Run the distribution as it is; do not build it.")
	boolean noBuild;

	@Option(names = "--clean", description = "Forget the agent's state (journal, content, logs) before starting.")
	boolean clean;

	@Option(names = "--server", description = "Run without the console (as a service would), until interrupted.")
	boolean server;

	@Override
	public Integer call() throws IOException, InterruptedException {
		PrintWriter out = spec.commandLine().getOut();
		Path distro = Environment.distribution();
		if (!noBuild) {
			Build.ensureDistribution(out);
		}
		Path karaf = distro.resolve("bin").resolve("karaf");
		if (!Files.isExecutable(karaf)) {
			throw new CliException("no distribution at " + distro + "; run without --no-build");
		}
		Path data = Environment.agentData();
		if (clean) {
			Build.deleteTree(data);
		}
		Files.createDirectories(data);
		out.println("DINFRA agent: " + distro);
		out.println("  state:       " + data);
		out.println("  assignments: " + data.resolve("dinfra").resolve("assignments")
				+ "  (one <id>.json per deployment; ./dinfra descriptor put <file> gives the CID)");
		out.println("  status:      " + data.resolve("dinfra").resolve("status"));
		out.println("  log:         " + data.resolve("log").resolve("karaf.log"));
		out.flush();
		ProcessBuilder pb = new ProcessBuilder(server ? List.of(karaf.toString(), "server") : List.of(karaf.toString()))
				.inheritIO();
		Map<String, String> env = pb.environment();
		env.put("KARAF_DATA", data.toString());
		env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
		Process process = pb.start();
		Thread stopper = new Thread(() -> {
			// bin/karaf runs the JVM as its child: stop both, the JVM first (SIGTERM: Karaf shuts down cleanly).
			List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
			tree.add(process.toHandle());
			tree.forEach(ProcessHandle::destroy);
			for (ProcessHandle h : tree) {
				try {
					h.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
				} catch (Exception e) {
					h.destroyForcibly();
				}
			}
		}, "dinfra-agent-stop");
		Runtime.getRuntime().addShutdownHook(stopper);
		int code = process.waitFor();
		try {
			Runtime.getRuntime().removeShutdownHook(stopper);
		} catch (IllegalStateException e) {
			// shutting down already
		}
		return code;
	}
}
